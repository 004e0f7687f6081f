import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuthorizedFetch, isAdumoOAuthError, type FetchLike } from '../src';
import { startApiServer } from './api-server';
import { countingSource } from './fake-source';

let api: Awaited<ReturnType<typeof startApiServer>>;
beforeEach(async () => {
  api = await startApiServer();
});
afterEach(async () => {
  await api.close();
});

describe('createAuthorizedFetch: the request that is sent', () => {
  it('sends Authorization: Bearer <token>, replacing the caller’s, with everything else intact', async () => {
    const source = countingSource({ baseUrl: api.url });
    const adumoFetch = createAuthorizedFetch(source);
    const headers = new Headers({ authorization: 'Basic caller', 'x-trace': 'abc' });
    const init: RequestInit = { method: 'POST', headers, body: '{"amount":100}' };
    const res = await adumoFetch(`${api.url}/products/ping?x=1`, init);

    expect(res.status).toBe(200);
    expect(api.received).toHaveLength(1);
    const [sent] = api.received;
    expect(sent?.headers.authorization).toBe('Bearer t1');
    expect(sent?.headers['x-trace']).toBe('abc');
    expect(sent?.method).toBe('POST');
    expect(sent?.url).toBe('/products/ping?x=1');
    expect(sent?.body.toString()).toBe('{"amount":100}');
    // The caller's objects are untouched.
    expect(headers.get('authorization')).toBe('Basic caller');
    expect([...headers.keys()]).toEqual(['authorization', 'x-trace']);
    expect(Object.keys(init)).toEqual(['method', 'headers', 'body']);
    expect(init.headers).toBe(headers);
  });

  it('leaves a plain-object headers init untouched', async () => {
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }));
    const headers = { Authorization: 'Bearer caller-token', accept: 'application/json' };
    const snapshot = structuredClone(headers);
    await adumoFetch(api.url, { headers });
    expect(headers).toEqual(snapshot);
    expect(api.received[0]?.headers.authorization).toBe('Bearer t1');
    expect(api.received[0]?.headers.accept).toBe('application/json');
  });

  it('sends the same request through the platform fetch as through a given fetch', async () => {
    const caller = () => ({
      method: 'PUT',
      headers: [
        ['x-trace', 'abc'],
        ['content-type', 'application/json'],
      ] as [string, string][],
      body: new URLSearchParams({ amount: '100' }),
    });
    const platformInit = caller();
    await createAuthorizedFetch(countingSource({ baseUrl: api.url }))(
      new URL(`${api.url}/a?b=1`),
      platformInit,
    );
    const given: FetchLike = (input, init) => globalThis.fetch(input, init);
    await createAuthorizedFetch(countingSource({ baseUrl: api.url }), { fetch: given })(
      new URL(`${api.url}/a?b=1`),
      caller(),
    );
    expect(api.received).toHaveLength(2);
    const [viaPlatform, viaGiven] = api.received;
    const { connection: _a, ...platformHeaders } = viaPlatform!.headers;
    const { connection: _b, ...givenHeaders } = viaGiven!.headers;
    expect(platformHeaders).toEqual(givenHeaders);
    expect(platformHeaders.authorization).toBe('Bearer t1');
    expect(viaPlatform!.method).toBe('PUT');
    expect(viaPlatform!.url).toBe(viaGiven!.url);
    expect(viaPlatform!.body.toString()).toBe(viaGiven!.body.toString());
    expect(platformInit).toEqual(caller()); // the caller's init and headers array untouched
  });

  it('rejects an invalid URL like fetch, before asking for a token or sending', async () => {
    const source = countingSource({ baseUrl: api.url });
    const adumoFetch = createAuthorizedFetch(source);
    await expect(adumoFetch('not a url')).rejects.toBeInstanceOf(TypeError);
    expect(source.calls).toHaveLength(0);
    expect(api.received).toHaveLength(0);
  });

  it('copies a Request input: its body is forwarded and the caller’s Request stays unread', async () => {
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }));
    const request = new Request(`${api.url}/card`, {
      method: 'PUT',
      headers: { 'x-a': '1' },
      body: 'payload',
    });
    const res = await adumoFetch(request);
    expect(res.status).toBe(200);
    expect(request.bodyUsed).toBe(false);
    expect(request.headers.has('authorization')).toBe(false);
    expect(await request.text()).toBe('payload');
    expect(api.received[0]?.method).toBe('PUT');
    expect(api.received[0]?.headers['x-a']).toBe('1');
    expect(api.received[0]?.body.toString()).toBe('payload');
  });

  it('rejects a Request whose body was already read before asking for a token or sending', async () => {
    const source = countingSource({ baseUrl: api.url });
    const adumoFetch = createAuthorizedFetch(source);
    const request = new Request(api.url, { method: 'POST', body: 'x' });
    await request.text();
    await expect(adumoFetch(request)).rejects.toBeInstanceOf(TypeError);
    expect(source.calls).toHaveLength(0);
    expect(api.received).toHaveLength(0);
  });

  it('accepts a used Request when init gives a new body, like fetch', async () => {
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }));
    const request = new Request(api.url, { method: 'POST', body: 'old' });
    await request.text();
    await adumoFetch(request, { body: 'new' });
    expect(api.received[0]?.body.toString()).toBe('new');
  });

  it('looks up globalThis.fetch at call time', async () => {
    const original = globalThis.fetch;
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }));
    const seen: string[] = [];
    globalThis.fetch = (input, init) => {
      seen.push(input instanceof Request ? (input.headers.get('authorization') ?? '') : '');
      return original(input, init);
    };
    try {
      await adumoFetch(api.url);
    } finally {
      globalThis.fetch = original;
    }
    expect(seen).toEqual(['Bearer t1']);
  });

  it('uses the given fetch and forwards a fetch-only init member (dispatcher)', async () => {
    const dispatcher = { marker: true };
    const calls: { auth: string | null; second: unknown }[] = [];
    const fetch: FetchLike = (input, init) => {
      calls.push({ auth: (input as Request).headers.get('authorization'), second: init });
      return Promise.resolve(new Response('ok'));
    };
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }), { fetch });
    await adumoFetch(api.url, { dispatcher } as RequestInit);
    expect(calls).toEqual([{ auth: 'Bearer t1', second: { dispatcher } }]);
    expect(api.received).toHaveLength(0);
  });
});

describe('createAuthorizedFetch: no token, no request', () => {
  it('throws the source’s error and sends nothing', async () => {
    const failure = Object.assign(new Error('token endpoint refused'), { code: 'token_endpoint' });
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url, fail: failure }));
    await expect(adumoFetch(api.url)).rejects.toBe(failure);
    expect(api.received).toHaveLength(0);
  });

  it('rejects a source that resolves without a token value and sends nothing', async () => {
    const source = { baseUrl: api.url, getToken: () => Promise.resolve({ value: '' }) } as never;
    const adumoFetch = createAuthorizedFetch(source);
    const error: unknown = await adumoFetch(api.url).catch((e: unknown) => e);
    expect(isAdumoOAuthError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_response', message: /no access token/ });
    expect(api.received).toHaveLength(0);
  });
});

describe('createAuthorizedFetch: signals', () => {
  it('passes the init signal to getToken and aborts before sending', async () => {
    const source = countingSource({ baseUrl: api.url });
    const adumoFetch = createAuthorizedFetch(source);
    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));
    await expect(adumoFetch(api.url, { signal: controller.signal })).rejects.toThrow(
      'caller gave up',
    );
    expect(source.calls).toHaveLength(1);
    expect(source.calls[0]?.signal?.aborted).toBe(true);
    expect(api.received).toHaveLength(0);
  });

  it('honours the signal of a Request input, for the token wait and the request', async () => {
    await api.close();
    api = await startApiServer({ delayMs: 5_000 });
    const source = countingSource({ baseUrl: api.url });
    const adumoFetch = createAuthorizedFetch(source);
    const controller = new AbortController();
    const pending = adumoFetch(new Request(api.url, { signal: controller.signal }));
    await expect.poll(() => api.received.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(source.calls[0]?.signal).toBeInstanceOf(AbortSignal);
    expect(source.calls[0]?.signal?.aborted).toBe(true);
  });
});
