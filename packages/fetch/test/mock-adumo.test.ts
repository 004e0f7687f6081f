import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenManager } from '@adumo-oauth/core';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { createAuthorizedFetch, isAdumoOAuthError } from '../src';

/** End to end against the mock Adumo server: real TokenManager, real HTTP. */
describe('createAuthorizedFetch against the mock Adumo server', () => {
  let mock: MockAdumo;
  const credentials = () => ({
    baseUrl: mock.baseUrl,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
  });
  const initiate = () => `${mock.baseUrl}/products/payments/v1/card/initiate`;
  const payment = { amount: 1000, currency: 'ZAR', merchantReference: 'order-1' };

  beforeEach(async () => {
    mock = await startMockAdumo();
  });
  afterEach(async () => {
    await mock.close();
  });

  it('calls the card API with a token built from options', async () => {
    const adumoFetch = createAuthorizedFetch(credentials());
    const res = await adumoFetch(initiate(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payment),
    });
    expect(res.status).toBe(200);
    const second = await adumoFetch(`${mock.baseUrl}/products/ping`);
    expect(await second.json()).toEqual({ status: 'ok', clientId: DEFAULT_CLIENT.clientId });
    const stats = mock.stats.snapshot();
    expect(stats.tokenRequests).toBe(1);
    expect(stats.apiCallsByStatus).toEqual({ 200: 2 });
  });

  it('after a revocation: exactly one retry, with a new token', async () => {
    const tokens = new TokenManager(credentials());
    const adumoFetch = createAuthorizedFetch(tokens);
    const first = await tokens.getToken();
    mock.faults.revokeAll();

    const res = await adumoFetch(initiate(), { method: 'POST', body: JSON.stringify(payment) });
    expect(res.status).toBe(200);
    const stats = mock.stats.snapshot();
    expect(stats.tokenRequests).toBe(2);
    expect(stats.apiCallsByStatus).toEqual({ 200: 1, 401: 1 });
    expect((await tokens.getToken()).value).not.toBe(first.value);
  });

  it('a stream body is not replayed after a revocation', async () => {
    const tokens = new TokenManager(credentials());
    await tokens.getToken();
    mock.faults.revokeAll();
    const body = new Blob([JSON.stringify(payment)]).stream();
    const res = await createAuthorizedFetch(tokens)(initiate(), {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(401);
    expect(mock.stats.snapshot().apiCallsByStatus).toEqual({ 401: 1 });
  });

  it('no token, nothing sent: the core’s typed error is thrown', async () => {
    const adumoFetch = createAuthorizedFetch({ ...credentials(), clientSecret: 'wrong' });
    const error: unknown = await adumoFetch(initiate(), { method: 'POST' }).catch(
      (e: unknown) => e,
    );
    expect(isAdumoOAuthError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'token_endpoint', status: 401 });
    expect(mock.stats.snapshot().apiCalls).toBe(0);
  });
});
