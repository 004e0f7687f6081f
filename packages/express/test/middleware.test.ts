import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenManager } from '@adumo-oauth/core';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { FRAMEWORKS, startApp } from './app';

describe.each(FRAMEWORKS)('%s: adumoToken()', (_name, createApp) => {
  let mock: MockAdumo;
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  const credentials = () => ({
    baseUrl: mock.baseUrl,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
  });

  beforeEach(async () => {
    mock = await startMockAdumo();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await mock.close();
  });

  it('calls the card API through req.adumo.fetch with the token', async () => {
    app = await startApp(createApp, credentials(), mock.baseUrl);
    const res = await fetch(`${app.url}/pay`, { method: 'POST' });
    expect(res.status).toBe(200);
    const stats = mock.stats.snapshot();
    expect(stats.tokenRequests).toBe(1);
    expect(stats.apiCallsByStatus).toEqual({ 200: 1 });
  });

  it('shares one token request between concurrent requests', async () => {
    mock.faults.latency(150); // keep the first token request in flight while the others arrive
    app = await startApp(createApp, new TokenManager(credentials()), mock.baseUrl);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => fetch(`${app!.url}/pay`, { method: 'POST' })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(mock.stats.snapshot().tokenRequests).toBe(1);
    expect(mock.stats.snapshot().apiCalls).toBe(12);
  });

  it('sets req.adumo.token before the route in eager mode', async () => {
    app = await startApp(createApp, credentials(), mock.baseUrl);
    const body = (await (await fetch(`${app.url}/token`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ eager: true, same: true });
    expect(typeof body.jti).toBe('string');
  });

  it('lazy mode asks for no token on routes that do not need one', async () => {
    app = await startApp(createApp, credentials(), mock.baseUrl, { lazy: true });
    const health = await fetch(`${app.url}/health`);
    expect(await health.json()).toEqual({ ok: true, token: false });
    expect(mock.stats.snapshot().tokenRequests).toBe(0);

    const token = (await (await fetch(`${app.url}/token`)).json()) as Record<string, unknown>;
    expect(token).toMatchObject({ eager: false, same: true });
    const pay = await fetch(`${app.url}/pay`, { method: 'POST' });
    expect(pay.status).toBe(200);
    expect(mock.stats.snapshot().tokenRequests).toBe(1);
  });

  it('getAdumo() without the middleware fails with a clear 500 problem', async () => {
    app = await startApp(createApp, credentials(), mock.baseUrl);
    const res = await fetch(`${app.url}/unmounted`);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 500, code: 'middleware_missing' });
  });

  it('passes errors that are not Adumo errors on to the next handler', async () => {
    app = await startApp(createApp, credentials(), mock.baseUrl, { lazy: true });
    const res = await fetch(`${app.url}/boom`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ passedOn: 'not an Adumo error' });
  });
});
