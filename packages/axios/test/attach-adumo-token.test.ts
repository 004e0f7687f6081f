import { Readable } from 'node:stream';
import axios, { AxiosError, type AxiosInstance } from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachAdumoToken } from '../src';
import { countingSource } from '../../fetch/test/fake-source';
import { startRecordingServer } from '../../fetch/test/recording-server';

type Server = Awaited<ReturnType<typeof startRecordingServer>>;
let api: Server;
let other: Server;
/** Bearer tokens the API answers 401 to (revoked); `'*'`: every token. */
let rejected: Set<string>;
let shared: AxiosInstance;

beforeEach(async () => {
  rejected = new Set();
  other = await startRecordingServer();
  api = await startRecordingServer((req) => {
    const to = /^\/go-(\d{3})$/.exec(req.url)?.[1];
    if (to !== undefined)
      return { status: Number(to), headers: { location: `${other.url}/landed` } };
    if (req.url === '/same-302') return { status: 302, headers: { location: '/landed' } };
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined || rejected.has(token) || rejected.has('*')) {
      return { status: 401, body: '{"error":"invalid_token"}' };
    }
    return { status: 200, body: JSON.stringify({ ok: true, body: req.body }) };
  });
  shared = axios.create();
});
afterEach(async () => {
  await api.close();
  await other.close();
});

const auth = (server: Server) => server.received.map((r) => r.headers.authorization);

describe('attachAdumoToken on a shared instance: the token goes only to allowed origins', () => {
  it('adds Bearer for the base URL origin; another origin passes untouched, with no token request', async () => {
    const source = countingSource({ baseUrl: api.url });
    attachAdumoToken(shared, source);
    expect((await shared.get(`${api.url}/products/ping`)).status).toBe(200);
    const res = await shared.get(`${other.url}/hook`, {
      headers: { authorization: 'Basic own', 'x-trace': 'abc' },
    });
    await shared.get(`${other.url}/plain`);

    expect(res.status).toBe(200);
    expect(auth(api)).toEqual(['Bearer t1']);
    expect(auth(other)).toEqual(['Basic own', undefined]);
    expect(other.received[0]?.headers['x-trace']).toBe('abc');
    expect(source.calls).toHaveLength(1);
  });

  it('sends the token to allowedOrigins; a relative or non-http URL is another origin', async () => {
    attachAdumoToken(shared, countingSource({ baseUrl: api.url }), { allowedOrigins: [other.url] });
    await shared.get(`${other.url}/x`);
    expect(auth(other)).toEqual(['Bearer t1']);
    expect(() =>
      attachAdumoToken(axios.create(), { getToken: () => Promise.reject(new Error()) }),
    ).toThrow(expect.objectContaining({ code: 'config' }));
  });

  it('the remover takes both interceptors away', async () => {
    const detach = attachAdumoToken(shared, countingSource({ baseUrl: api.url }));
    detach();
    await expect(shared.get(api.url)).rejects.toMatchObject({ response: { status: 401 } });
    expect(auth(api)).toEqual([undefined]);
  });

  it('no token, no request: the source’s error, nothing sent', async () => {
    const failure = new Error('token endpoint refused');
    attachAdumoToken(shared, countingSource({ baseUrl: api.url, fail: failure }));
    await expect(shared.post(`${api.url}/pay`, { amount: 1 })).rejects.toBe(failure);
    expect(api.received).toHaveLength(0);
  });

  it('the request signal ends the wait for the token; nothing is sent', async () => {
    const source = countingSource({ baseUrl: api.url });
    attachAdumoToken(shared, source);
    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));
    await expect(shared.get(api.url, { signal: controller.signal })).rejects.toThrow();
    expect(source.calls[0]?.signal).toBe(controller.signal);
    expect(api.received).toHaveLength(0);
  });
});

describe('attachAdumoToken: one resend after a 401', () => {
  it('revoked token → compare-and-invalidate, exactly one resend with a fresh token → 200', async () => {
    rejected.add('t1');
    const source = countingSource({ baseUrl: api.url });
    attachAdumoToken(shared, source);
    const res = await shared.post<{ body: string }>(`${api.url}/pay`, { amount: 100 });
    expect(res.status).toBe(200);
    expect(res.data.body).toBe('{"amount":100}');
    expect(auth(api)).toEqual(['Bearer t1', 'Bearer t2']);
    expect(source.invalidated).toEqual(['t1']);
  });

  it('two 401s → the second 401 reaches the caller as axios’s error, after exactly 2 requests', async () => {
    rejected.add('*');
    attachAdumoToken(shared, countingSource({ baseUrl: api.url }));
    const error: unknown = await shared.get(`${api.url}/x`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AxiosError);
    expect(error).toMatchObject({ isAxiosError: true, response: { status: 401 } });
    expect((error as AxiosError).config?.headers.Authorization).toBe('Bearer t2');
    expect(api.received).toHaveLength(2);
  });

  it('uses forceRefresh when the source cannot invalidate', async () => {
    rejected.add('t1');
    const source = countingSource({ baseUrl: api.url, invalidate: false });
    attachAdumoToken(shared, source);
    expect((await shared.get(`${api.url}/x`)).status).toBe(200);
    expect(source.calls.map((c) => c.forceRefresh ?? false)).toEqual([false, true, false]);
  });

  const replayable: [string, () => unknown, string][] = [
    ['a string', () => 'card=1', 'card=1'],
    ['a Buffer', () => Buffer.from('card'), 'card'],
    ['a Uint8Array', () => new TextEncoder().encode('card'), 'card'],
    ['URLSearchParams', () => new URLSearchParams({ card: '1' }), 'card=1'],
    ['a plain object', () => ({ card: 1 }), '{"card":1}'],
  ];
  for (const [name, data, expected] of replayable) {
    it(`resends ${name} body`, async () => {
      rejected.add('t1');
      attachAdumoToken(shared, countingSource({ baseUrl: api.url }));
      expect((await shared.post(`${api.url}/x`, data())).status).toBe(200);
      expect(api.received.map((r) => [r.body, r.headers.authorization])).toEqual([
        [expected, 'Bearer t1'],
        [expected, 'Bearer t2'],
      ]);
    });
  }

  const notReplayable: [string, () => unknown][] = [
    ['a stream', () => Readable.from([Buffer.from('card')])],
    [
      'FormData',
      () => {
        const form = new FormData();
        form.append('card', '1');
        return form;
      },
    ],
  ];
  for (const [name, data] of notReplayable) {
    it(`does not resend ${name} body: the 401 reaches the caller`, async () => {
      rejected.add('t1');
      const source = countingSource({ baseUrl: api.url });
      attachAdumoToken(shared, source);
      await expect(shared.post(`${api.url}/x`, data())).rejects.toMatchObject({
        response: { status: 401 },
      });
      expect(api.received).toHaveLength(1);
      expect(api.received[0]?.body).toContain('card');
      expect(source.invalidated).toEqual([]);
    });
  }

  it('never resends with retryOnUnauthorized: false, nor a 401 from another origin', async () => {
    rejected.add('t1');
    attachAdumoToken(shared, countingSource({ baseUrl: api.url }), { retryOnUnauthorized: false });
    await expect(shared.get(api.url)).rejects.toMatchObject({ response: { status: 401 } });
    expect(api.received).toHaveLength(1);

    const other401 = await startRecordingServer(() => ({ status: 401 }));
    const source = countingSource({ baseUrl: api.url });
    const fresh = axios.create();
    attachAdumoToken(fresh, source);
    try {
      await expect(fresh.get(other401.url)).rejects.toMatchObject({ response: { status: 401 } });
      expect(other401.received).toHaveLength(1);
      expect(source.calls).toHaveLength(0);
    } finally {
      await other401.close();
    }
  });
});

describe('attachAdumoToken: redirects never carry the token to another origin', () => {
  for (const status of [302, 307]) {
    it(`a ${status} from the API to another origin: that origin sees no token`, async () => {
      attachAdumoToken(shared, countingSource({ baseUrl: api.url }));
      const res = await shared.post(`${api.url}/go-${status}`, 'card', {
        headers: { 'x-trace': 'abc' },
      });
      expect(res.status).toBe(200);
      expect(auth(api)).toEqual(['Bearer t1']);
      expect(other.received).toHaveLength(1);
      expect(other.received[0]?.headers.authorization).toBeUndefined();
      expect(other.received[0]?.headers['x-trace']).toBe('abc');
    });
  }

  it('a redirect within the origin keeps the token', async () => {
    attachAdumoToken(shared, countingSource({ baseUrl: api.url }));
    expect((await shared.get(`${api.url}/same-302`)).status).toBe(200);
    expect(auth(api)).toEqual(['Bearer t1', 'Bearer t1']);
  });

  it('its beforeRedirect strips the token where follow-redirects would keep it, then calls yours', async () => {
    const calls: string[] = [];
    attachAdumoToken(shared, countingSource({ baseUrl: api.url }));
    const res = await shared.get(api.url, {
      beforeRedirect: (options) => calls.push(String(options.href)),
    });
    const hook = res.config.beforeRedirect!;
    const redirect = (options: Record<string, unknown>) =>
      hook(options, { headers: {}, statusCode: 302 }, { headers: {}, url: api.url, method: 'GET' });
    // A subdomain of the API host: follow-redirects keeps Authorization for those.
    const toSubdomain = { href: 'https://x.api.example/', headers: { Authorization: 'Bearer t1' } };
    redirect(toSubdomain);
    expect(toSubdomain.headers).toEqual({});
    const sameOrigin = { href: `${api.url}/next`, headers: { Authorization: 'Bearer t1' } };
    redirect(sameOrigin);
    expect(sameOrigin.headers).toEqual({ Authorization: 'Bearer t1' });
    expect(calls).toEqual(['https://x.api.example/', `${api.url}/next`]);
  });
});
