import axios from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { TokenManager, createAdumoAxios, isAdumoOAuthError } from '../src';

const INITIATE = '/products/payments/v1/card/initiate';
const payment = { amount: 1000, currency: 'ZAR', merchantReference: 'order-1' };

describe('createAdumoAxios against the mock Adumo server', () => {
  let mock: MockAdumo;
  let tokens: TokenManager;
  beforeEach(async () => {
    mock = await startMockAdumo();
    tokens = new TokenManager({
      baseUrl: mock.baseUrl,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
    });
  });
  afterEach(async () => {
    await mock.close();
  });

  it('is a new instance with the Adumo baseURL; axios’s global default is untouched', async () => {
    const adumo = createAdumoAxios(tokens, { timeout: 5_000 });
    expect(adumo).not.toBe(axios);
    expect(adumo.defaults.baseURL).toBe(mock.baseUrl);
    expect(adumo.defaults.timeout).toBe(5_000);
    const res = await adumo.post<{ status?: string }>(INITIATE, payment);
    expect(res.status).toBe(200);
    // The global instance carries no token: the protected API refuses it.
    await expect(axios.post(`${mock.baseUrl}${INITIATE}`, payment)).rejects.toMatchObject({
      response: { status: 401 },
    });
    expect(axios.interceptors.request).toMatchObject({ handlers: [] });
    expect(mock.stats.snapshot()).toMatchObject({
      tokenRequests: 1,
      apiCallsByStatus: { 200: 1, 401: 1 },
    });
  });

  it('50 concurrent requests → 1 token request', async () => {
    const adumo = createAdumoAxios(tokens);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => adumo.post(INITIATE, payment)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 200));
    expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 50 });
  });

  it('revoked token → exactly one resend with a fresh token → 200', async () => {
    const adumo = createAdumoAxios(tokens);
    await adumo.post(INITIATE, payment);
    mock.faults.revokeAll();
    const res = await adumo.post(INITIATE, payment);
    expect(res.status).toBe(200);
    expect(mock.stats.snapshot()).toMatchObject({
      tokenRequests: 2,
      apiCallsByStatus: { 200: 2, 401: 1 },
    });
  });

  it('accepts TokenManager options; wrong credentials → the core’s typed error, nothing sent', async () => {
    const adumo = createAdumoAxios({
      baseUrl: mock.baseUrl,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: 'not-the-secret',
      retry: { maxAttempts: 1 },
    });
    const error: unknown = await adumo.post(INITIATE, payment).catch((e: unknown) => e);
    expect(isAdumoOAuthError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'token_endpoint', status: 401 });
    expect(String((error as Error).message)).not.toContain('not-the-secret');
    expect(mock.stats.snapshot().apiCalls).toBe(0);
  });
});
