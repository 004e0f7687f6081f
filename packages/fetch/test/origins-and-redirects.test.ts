import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOriginPolicy } from '@adumo-oauth/core/adapter';
import { OriginNotAllowedError, createAuthorizedFetch, isAdumoOAuthError } from '../src';
import { countingSource } from './fake-source';
import { startRecordingServer } from './recording-server';

type Server = Awaited<ReturnType<typeof startRecordingServer>>;
let other: Server;
let api: Server;
beforeEach(async () => {
  other = await startRecordingServer();
  // The API: /go-<status> redirects to the other server (absolute) or to itself (/same-<status>).
  api = await startRecordingServer((req) => {
    const cross = /^\/go-(\d{3})$/.exec(req.url)?.[1];
    if (cross !== undefined) {
      return { status: Number(cross), headers: { location: `${other.url}/landed` } };
    }
    const same = /^\/same-(\d{3})$/.exec(req.url)?.[1];
    if (same !== undefined) return { status: Number(same), headers: { location: '/landed' } };
    return { status: 200, body: '{"ok":true}' };
  });
});
afterEach(async () => {
  await api.close();
  await other.close();
});

describe('createAuthorizedFetch: the token goes only to allowed origins', () => {
  it('sends the token to the base URL origin', async () => {
    const res = await createAuthorizedFetch(countingSource({ baseUrl: `${api.url}/v1` }))(
      `${api.url}/products/ping`,
    );
    expect(res.status).toBe(200);
    expect(api.received.map((r) => r.headers.authorization)).toEqual(['Bearer t1']);
  });

  it('refuses another origin with a typed error, without a token request and with nothing sent', async () => {
    const source = countingSource({ baseUrl: api.url });
    const adumoFetch = createAuthorizedFetch(source);
    const error: unknown = await adumoFetch(`${other.url}/hook?secret=s3cr3t&token=t1`, {
      method: 'POST',
      body: 'payload',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OriginNotAllowedError);
    expect(isAdumoOAuthError(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'OriginNotAllowedError',
      code: 'origin_not_allowed',
      origin: other.url,
    });
    const { message } = error as Error;
    expect(message).toContain(other.url);
    expect(message).not.toContain('s3cr3t');
    expect(message).not.toContain('?');
    expect(message).not.toContain('t1');
    expect(other.received).toHaveLength(0);
    expect(source.calls).toHaveLength(0);
  });

  it('refuses a Request input for another origin, and plain http to a non-loopback host', async () => {
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }), {
      allowedOrigins: ['https://apiv3.adumoonline.com'],
    });
    await expect(adumoFetch(new Request(`${other.url}/x`))).rejects.toBeInstanceOf(
      OriginNotAllowedError,
    );
    await expect(adumoFetch('http://apiv3.adumoonline.com/x')).rejects.toMatchObject({
      origin: 'http://apiv3.adumoonline.com',
    });
    expect(other.received).toHaveLength(0);
  });

  it('sends the token to an origin listed in allowedOrigins', async () => {
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }), {
      allowedOrigins: [`${other.url}/ignored-path`],
    });
    expect((await adumoFetch(`${other.url}/x`)).status).toBe(200);
    expect(other.received.map((r) => r.headers.authorization)).toEqual(['Bearer t1']);
  });

  it('fails at creation without any origin, or with an insecure or invalid one', () => {
    const inner = countingSource();
    const noBase = { getToken: () => inner.getToken() };
    expect(() => createAuthorizedFetch(noBase)).toThrow(
      expect.objectContaining({ code: 'config' }),
    );
    expect(() => createAuthorizedFetch(noBase)).toThrow(/allowedOrigins/);
    expect(() => createAuthorizedFetch(noBase, { allowedOrigins: [api.url] })).not.toThrow();
    expect(() =>
      createAuthorizedFetch(noBase, { allowedOrigins: ['http://apiv3.adumoonline.com'] }),
    ).toThrow(/https/);
    expect(() => createAuthorizedFetch(noBase, { allowedOrigins: ['not a url'] })).toThrow(
      expect.objectContaining({ code: 'config' }),
    );
    expect(() =>
      createAuthorizedFetch(noBase, { allowedOrigins: 'https://a.example' as never }),
    ).toThrow(expect.objectContaining({ code: 'config' }));
  });

  it('policy: loopback over http, https anywhere, origins compared exactly', () => {
    const policy = createOriginPolicy({ baseUrl: 'http://[::1]:8080' }, [
      'https://apiv3.adumoonline.com',
      'http://localhost:3000',
    ]);
    expect(policy.origins).toEqual([
      'http://[::1]:8080',
      'https://apiv3.adumoonline.com',
      'http://localhost:3000',
    ]);
    expect(policy.allows('https://apiv3.adumoonline.com/products?x=1')).toBe(true);
    expect(policy.allows('https://apiv3.adumoonline.com:444/')).toBe(false);
    expect(policy.allows('https://apiv3.adumoonline.com.evil.example/')).toBe(false);
    expect(policy.allows('http://localhost:3000/a')).toBe(true);
    expect(policy.allows('http://localhost:3001/a')).toBe(false);
    expect(policy.allows('not a url')).toBe(false);
  });
});

describe('createAuthorizedFetch: redirects', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`does not follow a ${status} to another origin: nothing reaches it, the ${status} is returned`, async () => {
      const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }));
      const res = await adumoFetch(`${api.url}/go-${status}`, { method: 'POST', body: 'card' });
      expect(res.status).toBe(status);
      expect(res.headers.get('location')).toBe(`${other.url}/landed`);
      expect(api.received.map((r) => r.headers.authorization)).toEqual(['Bearer t1']);
      expect(other.received).toHaveLength(0);
    });
  }

  it('the same holds with a given fetch and a Request input', async () => {
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }), {
      fetch: (input, init) => globalThis.fetch(input, init),
    });
    const res = await adumoFetch(new Request(`${api.url}/go-307`));
    expect(res.status).toBe(307);
    expect(other.received).toHaveLength(0);
  });

  it('follows a 307 within the origin with the token, method and body', async () => {
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }));
    const res = await adumoFetch(`${api.url}/same-307`, { method: 'PUT', body: 'card' });
    expect(res.status).toBe(200);
    expect(res.redirected).toBe(false);
    expect(api.received.map((r) => [r.method, r.url, r.body, r.headers.authorization])).toEqual([
      ['PUT', '/same-307', 'card', 'Bearer t1'],
      ['PUT', '/landed', 'card', 'Bearer t1'],
    ]);
  });

  it('follows a 302 within the origin, turning POST into a body-less GET', async () => {
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }));
    const res = await adumoFetch(`${api.url}/same-302`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-trace': 'abc' },
      body: 'card',
    });
    expect(res.status).toBe(200);
    const landed = api.received[1];
    expect([landed?.method, landed?.url, landed?.body]).toEqual(['GET', '/landed', '']);
    expect(landed?.headers['content-type']).toBeUndefined();
    expect(landed?.headers['x-trace']).toBe('abc');
    expect(landed?.headers.authorization).toBe('Bearer t1');
  });

  it('returns a same-origin 307 whose stream body cannot be sent again', async () => {
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }));
    const body = new Blob(['card']).stream();
    const res = await adumoFetch(`${api.url}/same-307`, {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(307);
    expect(api.received).toHaveLength(1);
  });

  it("honours the caller's redirect: 'manual' (nothing followed) and 'error'", async () => {
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }));
    expect((await adumoFetch(`${api.url}/same-302`, { redirect: 'manual' })).status).toBe(302);
    await expect(adumoFetch(`${api.url}/go-302`, { redirect: 'error' })).rejects.toThrow(TypeError);
    expect(api.received.map((r) => r.url)).toEqual(['/same-302', '/go-302']);
    expect(other.received).toHaveLength(0);
  });

  it('stops after 20 redirects like fetch', async () => {
    await api.close();
    api = await startRecordingServer(() => ({ status: 302, headers: { location: '/again' } }));
    const adumoFetch = createAuthorizedFetch(countingSource({ baseUrl: api.url }));
    await expect(adumoFetch(`${api.url}/start`)).rejects.toThrow(/redirect count/);
    expect(api.received).toHaveLength(21);
  });
});
