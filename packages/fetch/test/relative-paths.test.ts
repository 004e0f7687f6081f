import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenManager, TokenPool } from '@adumo-oauth/core';
import {
  DEFAULT_CLIENT,
  mockMerchants,
  startMockAdumo,
  type MockAdumo,
} from '@adumo-oauth/mock-server';
import { OriginNotAllowedError, createAuthorizedFetch, isAdumoOAuthError } from '../src';
import { countingSource } from './fake-source';
import { startRecordingServer } from './recording-server';

const INITIATE = '/products/payments/v1/card/initiate';
const payment = () => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ amount: 1000, currency: 'ZAR', merchantReference: 'order-1' }),
});
/** Sends through a fetch that is not the platform's own (the `Request`-building path). */
const given = { fetch: (input: string | URL | Request, init?: RequestInit) => fetch(input, init) };

describe('createAuthorizedFetch: paths relative to the base URL, against the mock Adumo server', () => {
  let mock: MockAdumo;
  beforeEach(async () => {
    mock = await startMockAdumo({ merchants: { count: 1 } });
  });
  afterEach(async () => {
    await mock.close();
  });
  const credentials = () => ({
    baseUrl: mock.baseUrl,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
  });

  it('a path goes to the base URL, with the platform fetch, a given fetch and from options', async () => {
    const tokens = new TokenManager(credentials());
    for (const adumoFetch of [
      createAuthorizedFetch(tokens),
      createAuthorizedFetch(tokens, given),
      createAuthorizedFetch(credentials()),
    ]) {
      const res = await adumoFetch(INITIATE, payment());
      expect(res.status).toBe(200);
    }
    const stats = mock.stats.snapshot();
    expect(stats.apiCallsByPath).toEqual({ [INITIATE]: 3 });
    expect(stats.apiCallsByStatus).toEqual({ 200: 3 });
  });

  it('absolute strings, URL and Request objects still work as before', async () => {
    const adumoFetch = createAuthorizedFetch(new TokenManager(credentials()));
    const ping = `${mock.baseUrl}/products/ping`;
    for (const input of [ping, new URL(ping), new Request(ping)]) {
      expect((await adumoFetch(input)).status).toBe(200);
    }
    expect(mock.stats.snapshot().apiCallsByPath).toEqual({ '/products/ping': 3 });
  });

  it('the 401 retry resends to the same resolved URL', async () => {
    const tokens = new TokenManager(credentials());
    await tokens.getToken();
    mock.faults.revokeAll();
    const res = await createAuthorizedFetch(tokens)(INITIATE, payment());
    expect(res.status).toBe(200);
    const stats = mock.stats.snapshot();
    expect(stats.apiCallsByStatus).toEqual({ 200: 1, 401: 1 });
    expect(stats.apiCallsByPath).toEqual({ [INITIATE]: 2 });
  });

  it("a pool merchant's source resolves paths against the pool's base URL", async () => {
    const [merchant] = mockMerchants(1);
    const pool = new TokenPool({ baseUrl: mock.baseUrl, credentials: () => merchant });
    try {
      const res = await createAuthorizedFetch(pool.source('merchant-1'))('/products/ping');
      expect(await res.json()).toEqual({ status: 'ok', clientId: 'merchant-1' });
    } finally {
      await pool.close();
    }
  });
});

describe('createAuthorizedFetch: joining paths to the base URL', () => {
  type Server = Awaited<ReturnType<typeof startRecordingServer>>;
  let api: Server;
  let other: Server;
  beforeEach(async () => {
    // The API also serves a token at /api/oauth/token, for a real TokenManager with a prefix.
    api = await startRecordingServer((req) =>
      req.url.startsWith('/api/oauth/token?')
        ? {
            status: 200,
            body: JSON.stringify({
              access_token: 'opaque-1',
              token_type: 'bearer',
              expires_in: 600,
            }),
          }
        : { status: 200, body: '{"ok":true}' },
    );
    // Another origin on the same machine: `localhost` instead of `127.0.0.1`.
    other = await startRecordingServer(undefined, 'localhost');
  });
  afterEach(async () => {
    await api.close();
    await other.close();
  });
  const apiPaths = () => api.received.map((r) => r.url);

  it("keeps the base URL's path prefix (TokenManager: baseUrl minus /oauth/token)", async () => {
    const tokens = new TokenManager({
      baseUrl: `${api.url}/api`,
      clientId: 'id',
      clientSecret: 'secret',
    });
    expect(tokens.baseUrl).toBe(`${api.url}/api`);
    const res = await createAuthorizedFetch(tokens)('/products/x?amount=1', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(apiPaths()).toEqual([
      '/api/oauth/token?grant_type=client_credentials&client_id=id&client_secret=secret',
      '/api/products/x?amount=1',
    ]);
    expect(api.received[1]?.headers.authorization).toBe('Bearer opaque-1');
  });

  it('a trailing slash, query or fragment of a hand-written source’s baseUrl is dropped', async () => {
    for (const baseUrl of [`${api.url}/api/`, `${api.url}/api//?v=1#top`]) {
      await createAuthorizedFetch(countingSource({ baseUrl }))('/products/x');
    }
    await createAuthorizedFetch(countingSource({ baseUrl: `${api.url}/` }))('/products/y');
    expect(apiPaths()).toEqual(['/api/products/x', '/api/products/x', '/products/y']);
  });

  it('query strings, `..`, `//host`, `@host` and backslashes in a path never reach another origin', async () => {
    const host = new URL(other.url).host;
    const source = countingSource({ baseUrl: `${api.url}/api` });
    for (const options of [{}, given]) {
      const adumoFetch = createAuthorizedFetch(source, options);
      for (const path of [
        `/x?next=${other.url}/steal&url=//${host}`,
        '/../../../x',
        '/%2e%2e/%2E%2E/x',
        `//${host}/x`,
        `/..//${host}/x`,
        `/@${host}/x`,
        `/\\${host}/x`,
        `/\\\\${host}/x`,
        `/\t/${host}/x`,
        `/#@${host}/x`,
      ]) {
        expect((await adumoFetch(path)).status).toBe(200);
      }
    }
    expect(other.received).toHaveLength(0);
    expect(api.received).toHaveLength(20);
    expect(new Set(api.received.map((r) => r.headers.authorization))).toEqual(
      new Set(['Bearer t1']),
    );
    expect(apiPaths().slice(0, 10)).toEqual([
      `/api/x?next=${other.url}/steal&url=//${host}`,
      '/x',
      '/x',
      `/api//${host}/x`,
      `//${host}/x`,
      `/api/@${host}/x`,
      `/api//${host}/x`,
      `/api///${host}/x`,
      `/api//${host}/x`,
      '/api/',
    ]);
  });

  it('an absolute URL for another origin is still refused, with nothing sent', async () => {
    const source = countingSource({ baseUrl: `${api.url}/api` });
    const adumoFetch = createAuthorizedFetch(source);
    await expect(adumoFetch(`${other.url}/products/x`)).rejects.toBeInstanceOf(
      OriginNotAllowedError,
    );
    expect(other.received).toHaveLength(0);
    expect(source.calls).toHaveLength(0);
  });

  it('a redirect after a path is resolved against the resolved URL', async () => {
    await api.close();
    api = await startRecordingServer((req) =>
      req.url === '/api/start' ? { status: 302, headers: { location: 'next' } } : { status: 200 },
    );
    const res = await createAuthorizedFetch(countingSource({ baseUrl: `${api.url}/api` }))(
      '/start',
    );
    expect(res.status).toBe(200);
    expect(apiPaths()).toEqual(['/api/start', '/api/next']);
  });

  it('without a baseUrl a path is a ConfigError that says so: no token requested, nothing sent', async () => {
    const inner = countingSource();
    const source = { getToken: () => inner.getToken() };
    for (const options of [{}, given]) {
      const adumoFetch = createAuthorizedFetch(source, { ...options, allowedOrigins: [api.url] });
      const error: unknown = await adumoFetch('/products/x?card=4111111111111111#f', {
        method: 'POST',
        body: '{}',
      }).catch((e: unknown) => e);
      expect(isAdumoOAuthError(error, 'config')).toBe(true);
      expect(error).toMatchObject({ code: 'config' });
      const { message } = error as Error;
      expect(message).toContain('"/products/x"');
      expect(message).toMatch(/no baseUrl/);
      expect(message).not.toContain('4111');
      // An absolute URL still works with such a source.
      expect((await adumoFetch(`${api.url}/products/x`)).status).toBe(200);
    }
    expect(inner.calls).toHaveLength(2);
    expect(apiPaths()).toEqual(['/products/x', '/products/x']);
  });

  it('a string that is neither absolute nor a path fails like fetch, before any token request', async () => {
    const source = countingSource({ baseUrl: api.url });
    for (const options of [{}, given]) {
      await expect(createAuthorizedFetch(source, options)('products/x')).rejects.toThrow(TypeError);
    }
    expect(source.calls).toHaveLength(0);
    expect(api.received).toHaveLength(0);
  });
});
