import { describe, expect, it } from 'vitest';
import { Clock, SECRET, fakeFetch, makeManager } from './helpers';

async function firstCall(clientAuth: 'query' | 'body' | 'basic', extra = {}) {
  const clock = new Clock();
  const endpoint = fakeFetch(clock);
  const { manager } = makeManager(clock, endpoint.fetch, { clientAuth, ...extra });
  await manager.getToken();
  expect(endpoint.calls).toHaveLength(1);
  const call = endpoint.calls[0]!;
  return {
    url: new URL(call.url),
    init: call.init,
    headers: call.init.headers as Record<string, string>,
  };
}

describe('token request (behaviour 1)', () => {
  it('query (default): POST, Accept JSON, credentials URL-encoded in the query, no body', async () => {
    const { url, init, headers } = await firstCall('query');
    expect(init.method).toBe('POST');
    expect(headers['Accept']).toBe('application/json');
    expect(url.origin + url.pathname).toBe('https://auth.example.test/oauth/token');
    expect([...url.searchParams]).toEqual([
      ['grant_type', 'client_credentials'],
      ['client_id', 'client-1'],
      ['client_secret', SECRET],
    ]);
    expect(url.search).toContain(encodeURIComponent('/+=&?').replace(/%20/g, '+'));
    expect(init.body).toBeUndefined();
    expect(headers['Authorization']).toBeUndefined();
    expect(init.redirect).toBe('manual');
  });

  it('body: form-encoded body, nothing in the query or headers', async () => {
    const { url, init, headers } = await firstCall('body');
    expect(url.search).toBe('');
    expect(headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(headers['Authorization']).toBeUndefined();
    const form = new URLSearchParams(init.body as string);
    expect(form.get('client_secret')).toBe(SECRET);
    expect(form.get('client_id')).toBe('client-1');
    expect(form.get('grant_type')).toBe('client_credentials');
  });

  it('basic: Authorization Basic of form-encoded id:secret, no secret in query or body', async () => {
    const { url, init, headers } = await firstCall('basic');
    expect(url.search).toBe('');
    const form = new URLSearchParams(init.body as string);
    expect([...form.keys()]).toEqual(['grant_type']);
    const decoded = Buffer.from(
      headers['Authorization']!.replace(/^Basic /, ''),
      'base64',
    ).toString();
    const [id, secret] = decoded.split(':');
    expect(decodeURIComponent(id!)).toBe('client-1');
    expect(new URLSearchParams(`s=${secret!}`).get('s')).toBe(SECRET);
  });

  it('sends scope and extra parameters when configured', async () => {
    const { url } = await firstCall('query', {
      scope: ['write', 'read'],
      extraParams: { audience: 'a b' },
    });
    expect(url.searchParams.get('scope')).toBe('read write');
    expect(url.searchParams.get('audience')).toBe('a b');
  });

  it('uses tokenUrl as given instead of baseUrl', async () => {
    const { url } = await firstCall('query', {
      baseUrl: undefined,
      tokenUrl: 'https://idp.example.test/t',
    });
    expect(url.origin + url.pathname).toBe('https://idp.example.test/t');
  });
});
