import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockAdumo, type MockAdumo } from '../src/index';
import { basic, decodeJwt, ID, jsonOf, SECRET, tokenJson } from './helpers';

let mock: MockAdumo;
beforeAll(async () => {
  mock = await startMockAdumo({
    clients: [
      { clientId: ID, clientSecret: SECRET },
      { clientId: 'other', clientSecret: 'a b&c:d' },
    ],
  });
});
afterAll(() => mock.close());

const FORM = 'application/x-www-form-urlencoded';

function post(query: string, init: { body?: string; type?: string; auth?: string } = {}) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.type) headers['content-type'] = init.type;
  if (init.auth) headers['authorization'] = init.auth;
  return fetch(`${mock.tokenUrl}${query ? `?${query}` : ''}`, {
    method: 'POST',
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
}

async function clientOf(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  return decodeJwt((await tokenJson(res)).access_token).payload.client_id;
}

describe('token endpoint: credential placement', () => {
  it('accepts credentials in the query string (Adumo)', async () => {
    const q = `grant_type=client_credentials&client_id=${ID}&client_secret=${SECRET}`;
    expect(await clientOf(await post(q))).toBe(ID);
  });

  it('accepts credentials in a form body (client_secret_post)', async () => {
    const body = `grant_type=client_credentials&client_id=${ID}&client_secret=${SECRET}`;
    expect(await clientOf(await post('', { body, type: FORM }))).toBe(ID);
  });

  it('accepts HTTP Basic (client_secret_basic), raw or form-urlencoded', async () => {
    const q = 'grant_type=client_credentials';
    expect(await clientOf(await post(q, { auth: basic(ID, SECRET) }))).toBe(ID);
    expect(await clientOf(await post(q, { auth: basic('other', 'a b&c:d') }))).toBe('other');
    const encoded = basic('other', encodeURIComponent('a b&c:d'));
    expect(await clientOf(await post(q, { auth: encoded }))).toBe('other');
  });

  it('mixes placements like a servlet: grant_type in the body, credentials in the query', async () => {
    const res = await post(`client_id=${ID}&client_secret=${SECRET}`, {
      body: 'grant_type=client_credentials',
      type: FORM,
    });
    expect(await clientOf(res)).toBe(ID);
  });

  it('lets a query parameter win over the same form parameter', async () => {
    const res = await post(
      `grant_type=client_credentials&client_id=${ID}&client_secret=${SECRET}`,
      {
        body: 'client_id=other&client_secret=wrong',
        type: FORM,
      },
    );
    expect(await clientOf(res)).toBe(ID);
  });

  it('ignores a form-looking body without the form content type', async () => {
    const res = await post('', {
      body: `grant_type=client_credentials&client_id=${ID}&client_secret=${SECRET}`,
      type: 'text/plain',
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('Unauthorized');
  });

  it('a client_id parameter wins over HTTP Basic (valid parameters, wrong Basic)', async () => {
    const q = `grant_type=client_credentials&client_id=${ID}&client_secret=${SECRET}`;
    expect(await clientOf(await post(q, { auth: basic('other', 'wrong') }))).toBe(ID);
  });

  it('a client_id parameter wins over HTTP Basic (wrong parameters, valid Basic)', async () => {
    const q = `grant_type=client_credentials&client_id=${ID}&client_secret=nope`;
    const res = await post(q, { auth: basic(ID, SECRET) });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Form realm="oauth2\/client"/);
    expect(await res.json()).toEqual({
      error: 'invalid_client',
      error_description: 'Bad client credentials',
    });
  });

  it('treats a client_id without client_secret as an empty secret', async () => {
    const res = await post(`grant_type=client_credentials&client_id=${ID}`);
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('invalid_client');
  });

  it('does not count a lone client_secret as credentials', async () => {
    const res = await post(`grant_type=client_credentials&client_secret=${SECRET}`);
    expect(res.status).toBe(401);
    expect(Object.keys(await jsonOf(res))).toEqual([
      'timestamp',
      'status',
      'error',
      'message',
      'path',
    ]);
  });

  it('rejects a wrong Basic secret and a Basic header without a colon', async () => {
    for (const auth of [
      basic(ID, 'wrong'),
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
    ]) {
      const res = await post('grant_type=client_credentials', { auth });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(
        /^Basic realm="oauth2\/client", error="invalid_client"/,
      );
      expect((await res.json()).error).toBe('invalid_client');
    }
  });
});
