import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccessToken } from '@adumo-oauth/core';
import { createAuthorizedFetch, type FetchLike } from '../src';
import { startApiServer } from './api-server';
import { countingSource } from './fake-source';

let api: Awaited<ReturnType<typeof startApiServer>>;
beforeEach(async () => {
  api = await startApiServer();
  api.rejected.add('t1');
});
afterEach(async () => {
  await api.close();
});

/** A fetch that records every response it hands back, to check the first 401 was released. */
function recordingFetch() {
  const responses: Response[] = [];
  const fetch: FetchLike = async (input, init) => {
    const res = await globalThis.fetch(input, init);
    responses.push(res);
    return res;
  };
  return { fetch, responses };
}

const authOf = (i: number) => api.received[i]?.headers.authorization;

describe('createAuthorizedFetch: one retry after a 401', () => {
  it('invalidates the sent token, gets a new one, retries once and releases the first 401', async () => {
    const source = countingSource({ baseUrl: api.url });
    const { fetch, responses } = recordingFetch();
    const adumoFetch = createAuthorizedFetch(source, { fetch });
    const res = await adumoFetch(api.url, { method: 'POST', body: 'pay' });

    expect(res.status).toBe(200);
    expect(source.invalidated).toEqual(['t1']);
    expect(api.received.map((r) => r.headers.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
    expect(api.received.map((r) => r.body.toString())).toEqual(['pay', 'pay']);
    expect(responses).toHaveLength(2);
    expect(responses[0]?.bodyUsed).toBe(true); // cancelled, not left hanging
  });

  it('never retries more than once', async () => {
    api.rejected.add('t2');
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }));
    const res = await adumoFetch(api.url);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_token' });
    expect(api.received).toHaveLength(2);
  });

  it.each([
    ['string', () => 'abc'],
    ['URLSearchParams', () => new URLSearchParams({ a: 'b' })],
    ['ArrayBuffer', () => new TextEncoder().encode('abc').buffer],
    ['Uint8Array', () => new TextEncoder().encode('abc')],
    ['DataView', () => new DataView(new TextEncoder().encode('abc').buffer)],
    ['Blob', () => new Blob(['abc'])],
    ['FormData', formData],
  ])('replays a %s body', async (_kind, makeBody) => {
    const body = makeBody();
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }));
    const res = await adumoFetch(api.url, { method: 'POST', body });
    expect(res.status).toBe(200);
    expect(api.received).toHaveLength(2);
    const [first, second] = api.received.map((r) => r.body.toString());
    expect(second?.length).toBeGreaterThan(0);
    if (body instanceof FormData) {
      // Each multipart encoding has its own boundary; the parts must be the same.
      expect(second).toContain('value');
      expect(second).toContain('filename="a.txt"');
    } else {
      expect(second).toBe(first);
    }
  });

  it('does not retry a stream body: returns the 401', async () => {
    const source = countingSource({ baseUrl: api.url });
    const adumoFetch = createAuthorizedFetch(source);
    const body = new Blob(['streamed']).stream();
    const res = await adumoFetch(api.url, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(401);
    expect(api.received).toHaveLength(1);
    expect(api.received[0]?.body.toString()).toBe('streamed');
    expect(source.invalidated).toEqual([]);
  });

  it('does not retry the body of a Request input (it may be a stream)', async () => {
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }));
    const res = await adumoFetch(new Request(api.url, { method: 'POST', body: 'x' }));
    expect(res.status).toBe(401);
    expect(api.received).toHaveLength(1);
  });

  it('retries a body-less Request input', async () => {
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }));
    const res = await adumoFetch(new Request(api.url, { headers: { 'x-a': '1' } }));
    expect(res.status).toBe(200);
    expect([authOf(0), authOf(1)]).toEqual(['Bearer t1', 'Bearer t2']);
    expect(api.received[1]?.headers['x-a']).toBe('1');
  });

  it('retryOnUnauthorized: false hands back the first 401', async () => {
    const source = countingSource({ baseUrl: api.url });
    const adumoFetch = createAuthorizedFetch(source, { retryOnUnauthorized: false });
    const res = await adumoFetch(api.url);
    expect(res.status).toBe(401);
    expect(api.received).toHaveLength(1);
    expect(source.invalidated).toEqual([]);
  });

  it('uses forceRefresh when the source cannot invalidate', async () => {
    const source = countingSource({ baseUrl: api.url, invalidate: false });
    const res = await createAuthorizedFetch(source)(api.url);
    expect(res.status).toBe(200);
    expect(source.calls.map((c) => c.forceRefresh ?? false)).toEqual([false, true]);
    expect([authOf(0), authOf(1)]).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('returns the untouched 401 when the source hands back the same token', async () => {
    const source = {
      baseUrl: api.url,
      getToken: countingSource({ invalidate: false }).getToken.bind(null, {}),
    };
    const res = await createAuthorizedFetch(source)(api.url);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_token' });
    expect(api.received).toHaveLength(1);
  });

  it('throws when no new token can be had, after releasing the 401', async () => {
    const failure = new Error('endpoint down');
    const inner = countingSource({ baseUrl: api.url });
    let first = true;
    const source = {
      baseUrl: api.url,
      invalidate: (token?: AccessToken) => inner.invalidate!(token),
      getToken: () => (first ? ((first = false), inner.getToken()) : Promise.reject(failure)),
    };
    const { fetch, responses } = recordingFetch();
    await expect(createAuthorizedFetch(source, { fetch })(api.url)).rejects.toBe(failure);
    expect(api.received).toHaveLength(1);
    expect(responses[0]?.bodyUsed).toBe(true);
  });
});

function formData(): FormData {
  const form = new FormData();
  form.append('field', 'value');
  form.append('file', new Blob(['abc']), 'a.txt');
  return form;
}
