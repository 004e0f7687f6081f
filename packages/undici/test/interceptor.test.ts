import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import createClient from 'openapi-fetch';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { AdumoOAuthError, TokenManager, adumoInterceptor, isAdumoOAuthError } from '../src';
import { startRecordingServer } from '../../fetch/test/recording-server';
import { UNDICI_MAJORS, forNodeFetch } from './undici-versions';

type Other = Awaited<ReturnType<typeof startRecordingServer>>;

/** A hand-written slice of an OpenAPI `paths` type, as openapi-typescript would generate it. */
interface paths {
  '/products/ping': {
    get: {
      responses: { 200: { content: { 'application/json': { status: string; clientId: string } } } };
    };
  };
}

describe.each(UNDICI_MAJORS)('adumoInterceptor on %s', (name, undici) => {
  let mock: MockAdumo;
  let other: Other;
  let tokens: TokenManager;
  let agent: ReturnType<InstanceType<typeof undici.Agent>['compose']>;
  const ping = () => `${mock.baseUrl}/products/ping`;
  const json = async (res: { body: { json(): Promise<unknown> } }) =>
    (await res.body.json()) as { clientId?: string };

  beforeEach(async () => {
    mock = await startMockAdumo();
    other = await startRecordingServer();
    tokens = new TokenManager({
      baseUrl: mock.baseUrl,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
    });
    agent = new undici.Agent().compose(adumoInterceptor(tokens));
  });
  afterEach(async () => {
    await agent.close();
    await tokens.close();
    await other.close();
    await mock.close();
  });

  it('undici.request to the Adumo origin carries the token; one token for many calls', async () => {
    const answers = await Promise.all(
      [1, 2, 3].map(() => undici.request(ping(), { dispatcher: agent })),
    );
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const bodies = await Promise.all(answers.map(json));
    expect(bodies.map((b) => b.clientId)).toEqual(Array(3).fill(DEFAULT_CLIENT.clientId));
    expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 3 });
  });

  it("global fetch and undici's fetch, with the agent as dispatcher, are authorized", async () => {
    const viaGlobal = await fetch(ping(), {
      dispatcher: forNodeFetch(undici, agent),
    } as RequestInit);
    const viaUndici = await undici.fetch(ping(), { dispatcher: agent });
    expect([viaGlobal.status, viaUndici.status]).toEqual([200, 200]);
    expect(((await viaGlobal.json()) as { clientId: string }).clientId).toBe(
      DEFAULT_CLIENT.clientId,
    );
    await viaUndici.body?.cancel();
    expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 2 });
  });

  it('as the global dispatcher, a plain fetch is authorized and another origin is not', async () => {
    const previous = undici.getGlobalDispatcher();
    undici.setGlobalDispatcher(agent);
    try {
      const res = await fetch(ping());
      expect(res.status).toBe(200);
      expect(((await res.json()) as { clientId: string }).clientId).toBe(DEFAULT_CLIENT.clientId);
      const elsewhere = await fetch(`${other.url}/hello`);
      expect(elsewhere.status).toBe(200);
      await elsewhere.body?.cancel();
    } finally {
      undici.setGlobalDispatcher(previous);
    }
    expect(other.received.map((r) => r.headers.authorization)).toEqual([undefined]);
  });

  it('a tokenUrl on another path of the API origin passes untouched: the manager’s own token request never waits for itself', async () => {
    // The API origin with its token endpoint at /custom/token: a reverse proxy to the mock.
    const proxy = await startReverseProxy(mock.baseUrl, { '/custom/token': '/oauth/token' });
    const custom = new TokenManager({
      tokenUrl: `${proxy.url}/custom/token`,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
      timeoutMs: 2_000,
      deadlineMs: 3_000,
    });
    const customAgent = new undici.Agent().compose(adumoInterceptor(custom));
    const previous = undici.getGlobalDispatcher();
    undici.setGlobalDispatcher(customAgent); // the manager's own fetch goes through it too
    try {
      const res = await fetch(`${custom.baseUrl}/products/ping`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { clientId: string }).clientId).toBe(DEFAULT_CLIENT.clientId);
      expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 1 });
      expect(proxy.paths).toEqual([expect.stringMatching(/^\/custom\/token\?/), '/products/ping']);
    } finally {
      undici.setGlobalDispatcher(previous);
      await customAgent.close();
      await custom.close();
      await proxy.close();
    }
  });

  it('an openapi-fetch client, unchanged, gets the token through the dispatcher', async () => {
    const client = createClient<paths>({
      baseUrl: mock.baseUrl,
      requestInitExt: { dispatcher: forNodeFetch(undici, agent) },
    });
    const { data, response } = await client.GET('/products/ping');
    expect(response.status).toBe(200);
    expect(data?.clientId).toBe(DEFAULT_CLIENT.clientId);
    expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 1 });
  });

  it('composed onto a Pool of the Adumo origin (undici 8 tells the interceptor its origin)', async () => {
    const pool = new undici.Pool(mock.baseUrl).compose(adumoInterceptor(tokens));
    try {
      const res = await pool.request({ path: '/products/ping', method: 'GET' });
      // undici 7 does not pass a Pool's origin to its interceptors: compose onto an Agent there.
      expect(res.statusCode).toBe(name === 'undici 8' ? 200 : 401);
      await res.body.text();
    } finally {
      await pool.close();
    }
  });

  it('another origin never sees the token, and asks for none', async () => {
    const res = await undici.request(`${other.url}/a?b=1`, {
      dispatcher: agent,
      method: 'POST',
      headers: { 'x-trace': '1' },
      body: 'hello',
    });
    expect(res.statusCode).toBe(200);
    await res.body.text();
    expect(other.received).toEqual([
      expect.objectContaining({ method: 'POST', url: '/a?b=1', body: 'hello' }),
    ]);
    expect(other.received[0]?.headers.authorization).toBeUndefined();
    expect(other.received[0]?.headers['x-trace']).toBe('1');
    expect(mock.stats.snapshot().tokenRequests).toBe(0);
  });

  it('an Authorization header the caller set is sent as it is: no token, no resend', async () => {
    const res = await undici.request(ping(), {
      dispatcher: agent,
      headers: { Authorization: 'Bearer not-a-token' },
    });
    expect(res.statusCode).toBe(401);
    await res.body.text();
    expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 0, apiCalls: 1 });
  });

  it('a 401 → compare-and-invalidate → exactly one resend with the next token', async () => {
    await (await undici.request(ping(), { dispatcher: agent })).body.text();
    const first = tokens.peek?.()?.value;
    mock.faults.revokeAll();
    const res = await undici.request(`${mock.baseUrl}/products/payments/v1/card/initiate`, {
      dispatcher: agent,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 100, merchantReference: 'order-1' }),
    });
    expect(res.statusCode).toBe(200);
    expect((await json(res)).clientId).toBe(DEFAULT_CLIENT.clientId);
    const stats = mock.stats.snapshot();
    expect(stats.tokenRequests).toBe(2);
    expect(stats.apiCallsByStatus).toEqual({ 200: 2, 401: 1 });
    if (first !== undefined) expect(tokens.peek?.()?.value).not.toBe(first);
  });

  it('a 401 through fetch (no body) is resent once; the caller sees only the 200', async () => {
    await (
      await fetch(ping(), { dispatcher: forNodeFetch(undici, agent) } as RequestInit)
    ).body?.cancel();
    mock.faults.revokeAll();
    const res = await fetch(ping(), { dispatcher: forNodeFetch(undici, agent) } as RequestInit);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { clientId: string }).clientId).toBe(DEFAULT_CLIENT.clientId);
    expect(mock.stats.snapshot().apiCallsByStatus).toEqual({ 200: 2, 401: 1 });
  });

  it('a 401 whose next token cannot be had rejects with the typed error', async () => {
    await (await undici.request(ping(), { dispatcher: agent })).body.text();
    mock.faults.revokeAll();
    mock.faults.nextTokenResponses('malformed-json');
    const error: unknown = await undici
      .request(ping(), { dispatcher: agent })
      .catch((e: unknown) => e);
    expect(isAdumoOAuthError(error)).toBe(true);
    expect((error as AdumoOAuthError).code).toBe('invalid_response');
    expect(mock.stats.snapshot().apiCallsByStatus).toEqual({ 200: 1, 401: 1 });
  });

  it('a stream body is not resent: the 401 goes back as it is', async () => {
    await (await undici.request(ping(), { dispatcher: agent })).body.text();
    mock.faults.revokeAll();
    const res = await undici.request(`${mock.baseUrl}/products/payments/v1/card/initiate`, {
      dispatcher: agent,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Readable.from([JSON.stringify({ amount: 100, merchantReference: 'order-1' })]),
    });
    expect(res.statusCode).toBe(401);
    expect(((await res.body.json()) as { error: string }).error).toBe('invalid_token');
    const stats = mock.stats.snapshot();
    expect(stats.tokenRequests).toBe(1);
    expect(stats.apiCallsByStatus).toEqual({ 200: 1, 401: 1 });
  });

  it('retryOnUnauthorized: false hands the 401 back without a resend', async () => {
    const once = new undici.Agent().compose(
      adumoInterceptor(tokens, { retryOnUnauthorized: false }),
    );
    try {
      await (await undici.request(ping(), { dispatcher: once })).body.text();
      mock.faults.revokeAll();
      const res = await undici.request(ping(), { dispatcher: once });
      expect(res.statusCode).toBe(401);
      await res.body.text();
      expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 2 });
    } finally {
      await once.close();
    }
  });

  it('a token failure rejects with the typed error, nothing sent, no unhandled rejection', async () => {
    const wrong = new TokenManager({
      baseUrl: mock.baseUrl,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: 'not-the-secret',
    });
    const refused = new undici.Agent().compose(adumoInterceptor(wrong));
    try {
      const error: unknown = await undici
        .request(ping(), { dispatcher: refused })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AdumoOAuthError);
      expect((error as AdumoOAuthError).code).toBe('token_endpoint');
      expect(String((error as Error).message)).not.toContain('not-the-secret');
      const viaFetch: unknown = await fetch(ping(), {
        dispatcher: forNodeFetch(undici, refused),
      } as RequestInit).catch((e: unknown) => e);
      expect(viaFetch).toBeInstanceOf(TypeError);
      expect(isAdumoOAuthError((viaFetch as Error).cause)).toBe(true);
      expect(mock.stats.snapshot().apiCalls).toBe(0);
    } finally {
      await refused.close();
      await wrong.close();
    }
  });

  it("the request's signal ends the wait for the token; nothing is sent", async () => {
    mock.faults.latency(10_000);
    const controller = new AbortController();
    const pending = undici.request(ping(), { dispatcher: agent, signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve)); // the token request is under way
    controller.abort(new Error('caller gave up'));
    await expect(pending).rejects.toThrow('caller gave up');
    expect(mock.stats.snapshot().apiCalls).toBe(0);
  });

  it('an aborted fetch rejects at once and is never sent, even when the token comes later', async () => {
    mock.faults.latency(200);
    const controller = new AbortController();
    const pending = fetch(ping(), {
      dispatcher: forNodeFetch(undici, agent),
      signal: controller.signal,
    } as RequestInit);
    await new Promise((resolve) => setImmediate(resolve)); // the token request is under way
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await tokens.getToken(); // the token the request waited for arrives
    mock.faults.clear();
    // A call after it, on the same agent: the mock counts it, and it alone.
    await (await undici.request(ping(), { dispatcher: agent })).body.text();
    expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 1 });
  });

  it('closing the token manager while a request waits rejects it with the typed error', async () => {
    mock.faults.latency(10_000);
    const pending = undici.request(ping(), { dispatcher: agent }).catch((e: unknown) => e);
    await tokens.close();
    const error = await pending;
    expect(isAdumoOAuthError(error)).toBe(true);
    expect((error as AdumoOAuthError).code).toBe('closed');
    expect(mock.stats.snapshot().apiCalls).toBe(0);
  });

  it('a closed agent rejects the request; no unhandled rejection', async () => {
    const closing = new undici.Agent().compose(adumoInterceptor(tokens));
    await (await undici.request(ping(), { dispatcher: closing })).body.text();
    await closing.close();
    await expect(undici.request(ping(), { dispatcher: closing })).rejects.toThrow(
      /client is (closed|destroyed)/i,
    );
    expect(mock.stats.snapshot().apiCalls).toBe(1);
  });
});

/**
 * A reverse proxy on 127.0.0.1 to `target` (an http origin), with some paths renamed
 * (`renames`: path → path on the target, the query kept); `paths` lists what it received.
 */
async function startReverseProxy(target: string, renames: Record<string, string>) {
  const paths: string[] = [];
  const to = new URL(target);
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    paths.push(path);
    const [pathname = '/', query] = path.split('?', 2);
    const forwarded = (renames[pathname] ?? pathname) + (query === undefined ? '' : `?${query}`);
    const upstream = httpRequest(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: forwarded,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
