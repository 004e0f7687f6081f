import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenManager } from '@adumo-oauth/core';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { FRAMEWORKS, startApp } from './app';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describe.each(FRAMEWORKS)('%s: token failures', (_name, createApp) => {
  let mock: MockAdumo;
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  const manager = (overrides: Record<string, unknown> = {}) =>
    new TokenManager({
      baseUrl: mock.baseUrl,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
      ...overrides,
    });

  beforeEach(async () => {
    mock = await startMockAdumo();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await mock.close();
  });

  async function expectProblem(path: string, status: number, code: string) {
    const res = await fetch(`${app!.url}${path}`, { method: path === '/pay' ? 'POST' : 'GET' });
    const text = await res.text();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(text)).toMatchObject({ type: 'about:blank', status, code });
    expect(text).not.toContain(DEFAULT_CLIENT.clientSecret);
    return text;
  }

  it('502 when the token endpoint refuses the credentials, without its answer or the secret', async () => {
    app = await startApp(createApp, manager({ clientSecret: 'wrong-secret-123' }), mock.baseUrl);
    const text = await expectProblem('/pay', 502, 'token_endpoint');
    expect(text).not.toContain('wrong-secret-123');
    expect(text).not.toContain('Bad client credentials');
    expect(text).not.toContain('invalid_client');
    expect(mock.stats.snapshot().apiCalls).toBe(0); // no token, no API call
  });

  it('502 when the token endpoint answers garbage', async () => {
    mock.faults.nextTokenResponses('malformed-json', 10);
    app = await startApp(createApp, manager(), mock.baseUrl);
    await expectProblem('/pay', 502, 'invalid_response');
    expect(mock.stats.snapshot().apiCalls).toBe(0);
  });

  it('503 when the token endpoint is unreachable', async () => {
    const port = await closedPort();
    app = await startApp(createApp, manager({ baseUrl: `http://127.0.0.1:${port}` }), mock.baseUrl);
    await expectProblem('/token', 503, 'network');
  });

  it('503 when the token endpoint hangs past the per-attempt timeout, and nothing is sent', async () => {
    mock.faults.latency(5_000, { target: 'token' });
    app = await startApp(
      createApp,
      manager({ timeoutMs: 100, retry: { maxAttempts: 1 } }),
      mock.baseUrl,
    );
    await expectProblem('/pay', 503, 'timeout');
    expect(mock.stats.snapshot().apiCalls).toBe(0);
  });

  it('a client that leaves during the token wait stops waiting; the shared request carries on', async () => {
    mock.faults.latency(300, { target: 'token' });
    const tokens = manager();
    const signals: (AbortSignal | undefined)[] = [];
    const source = {
      baseUrl: tokens.baseUrl,
      getToken: (options?: { signal?: AbortSignal | undefined }) => {
        signals.push(options?.signal);
        return tokens.getToken(options);
      },
    };
    app = await startApp(createApp, source, mock.baseUrl);
    const controller = new AbortController();
    const gone = fetch(`${app.url}/token`, { signal: controller.signal }).catch((e: unknown) => e);
    await expect.poll(() => mock.stats.tokenRequests).toBe(1);
    controller.abort();
    expect(await gone).toMatchObject({ name: 'AbortError' });
    await expect.poll(() => signals[0]?.aborted).toBe(true);

    const res = await fetch(`${app.url}/token`);
    expect(res.status).toBe(200);
    expect(signals[1]?.aborted).toBe(false);
    expect(mock.stats.snapshot().tokenRequests).toBe(1); // the first request was not cancelled
  });

  it('the same mapping in lazy mode, through getToken()', async () => {
    app = await startApp(createApp, manager({ clientSecret: 'nope' }), mock.baseUrl, {
      lazy: true,
    });
    await expectProblem('/token', 502, 'token_endpoint');
    const health = await fetch(`${app.url}/health`);
    expect(health.status).toBe(200);
  });
});

describe.each(FRAMEWORKS)('%s: without adumoErrorHandler()', (_name, createApp) => {
  it('Express’s own final handler answers with the status set on the error', async () => {
    const mock = await startMockAdumo();
    const app = await startApp(
      createApp,
      { baseUrl: mock.baseUrl, clientId: DEFAULT_CLIENT.clientId, clientSecret: 'wrong-secret-9' },
      mock.baseUrl,
      { errorHandler: false },
    );
    try {
      const res = await fetch(`${app.url}/token`);
      const text = await res.text();
      expect(res.status).toBe(502);
      expect(text).not.toContain('wrong-secret-9');
      expect(text).not.toContain('Bad client credentials');
    } finally {
      await app.close();
      await mock.close();
    }
  });
});
