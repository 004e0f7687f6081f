import { afterEach, describe, expect, it } from 'vitest';
import { CARD_PATHS, startMockAdumo, type MockAdumo } from '../src/index';
import { callApi, decodeJwt, fakeClock, getToken, ID, sign } from './helpers';

let mock: MockAdumo | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const CARD = '/products/payments/v1/card';
const REALM = 'Bearer realm="oauth2-resource"';

describe('product API: bearer verification', () => {
  it('answers ping and every card path for a valid token', async () => {
    mock = await startMockAdumo();
    const token = await getToken(mock.tokenUrl);
    const ping = await callApi(mock.baseUrl, '/products/ping', token);
    expect([ping.status, await ping.json()]).toEqual([200, { status: 'ok', clientId: ID }]);
    const started = await (
      await callApi(mock.baseUrl, `${CARD}/initiate`, token, {
        body: { amount: 1500, merchantReference: 'ord-1' },
      })
    ).json();
    expect(started).toMatchObject({
      amount: 1500,
      merchantReference: 'ord-1',
      status: 'INITIATED',
    });
    expect(started.transactionId).toMatch(/^[0-9a-f-]{36}$/);
    const statuses = {
      authorise: 'AUTHORISED',
      settle: 'SETTLED',
      refund: 'REFUNDED',
      reverse: 'REVERSED',
    };
    for (const [op, status] of Object.entries(statuses)) {
      const res = await callApi(mock.baseUrl, `${CARD}/${op}`, token, {
        body: { transactionId: started.transactionId, amount: 1500 },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ transactionId: started.transactionId, status });
    }
    expect(Object.keys(CARD_PATHS)).toHaveLength(5);
  });

  it('accepts the scheme in any case and an access_token query parameter', async () => {
    mock = await startMockAdumo();
    const token = await getToken(mock.tokenUrl);
    const lower = await fetch(`${mock.baseUrl}/products/ping`, {
      headers: { authorization: `bearer ${token}` },
    });
    expect(lower.status).toBe(200);
    expect((await fetch(`${mock.baseUrl}/products/ping?access_token=${token}`)).status).toBe(200);
  });

  it('401 invalid_token "Access token expired" once the clock passes exp (zero leeway)', async () => {
    const clock = fakeClock(Date.UTC(2025, 0, 1, 0, 0, 0, 0));
    mock = await startMockAdumo({
      now: clock.now,
      clients: [{ clientId: 'c', clientSecret: 's', tokenLifetimeSeconds: 10 }],
    });
    const token = await getToken(mock.tokenUrl, 'c', 's');
    const exp = decodeJwt(token).payload.exp;
    clock.ms = exp * 1000;
    expect((await callApi(mock.baseUrl, '/products/ping', token)).status).toBe(200);
    clock.ms = exp * 1000 + 1;
    const res = await callApi(mock.baseUrl, '/products/ping', token);
    expect(res.status).toBe(401);
    const body = { error: 'invalid_token', error_description: `Access token expired: ${token}` };
    expect(await res.json()).toEqual(body);
    expect(res.headers.get('www-authenticate')).toBe(
      `${REALM}, error="invalid_token", error_description="Access token expired: ${token}"`,
    );
  });

  it('401 invalid_token for revoked tokens; tokens issued afterwards work', async () => {
    mock = await startMockAdumo();
    const [a, b] = [await getToken(mock.tokenUrl), await getToken(mock.tokenUrl)];
    mock.faults.revokeAll();
    for (const token of [a, b]) {
      const res = await callApi(mock.baseUrl, '/products/ping', token);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: 'invalid_token',
        error_description: `Invalid access token: ${token}`,
      });
    }
    mock.faults.clear(); // revocation is not a fault that clear() undoes
    expect((await callApi(mock.baseUrl, '/products/ping', a)).status).toBe(401);
    expect(
      (await callApi(mock.baseUrl, '/products/ping', await getToken(mock.tokenUrl))).status,
    ).toBe(200);
  });

  it('401 "Cannot convert access token to JSON" for garbage and for a foreign signature', async () => {
    mock = await startMockAdumo({ signingSecret: 'ours' });
    const real = decodeJwt(await getToken(mock.tokenUrl)).payload;
    for (const token of [
      'garbage',
      'a.b.c',
      sign(real, 'theirs'),
      sign(real, 'ours').slice(0, -2),
    ]) {
      const res = await callApi(mock.baseUrl, '/products/ping', token);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: 'invalid_token',
        error_description: 'Cannot convert access token to JSON',
      });
    }
    expect((await callApi(mock.baseUrl, '/products/ping', sign(real, 'ours'))).status).toBe(200);
  });

  it('401 unauthorized without a token (or with a non-bearer Authorization)', async () => {
    mock = await startMockAdumo();
    const plain = await callApi(mock.baseUrl, '/products/ping', undefined);
    const basicAuth = await fetch(`${mock.baseUrl}/products/ping`, {
      headers: { authorization: 'Basic eDp5' },
    });
    for (const res of [plain, basicAuth]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        `${REALM}, error="unauthorized", error_description="Full authentication is required to access this resource"`,
      );
      expect(await res.json()).toEqual({
        error: 'unauthorized',
        error_description: 'Full authentication is required to access this resource',
      });
    }
  });

  it('403 access_denied when the client lacks the path authority', async () => {
    mock = await startMockAdumo({
      clients: [{ clientId: 'c', clientSecret: 's', authorities: ['TRANSACTION_CREATE'] }],
    });
    const token = await getToken(mock.tokenUrl, 'c', 's');
    expect((await callApi(mock.baseUrl, `${CARD}/initiate`, token, { body: {} })).status).toBe(200);
    expect((await callApi(mock.baseUrl, '/products/ping', token)).status).toBe(200);
    for (const op of ['authorise', 'settle', 'refund', 'reverse']) {
      const res = await callApi(mock.baseUrl, `${CARD}/${op}`, token, { body: {} });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({
        error: 'access_denied',
        error_description: 'Access is denied',
      });
    }
  });

  it('403 for a wrong audience and insufficient_scope for a token without "read"', async () => {
    mock = await startMockAdumo({
      signingSecret: 'k',
      clients: [{ clientId: 'w', clientSecret: 's', scope: ['write'] }],
    });
    const payload = decodeJwt(await getToken(mock.tokenUrl, 'w', 's')).payload;
    const scoped = await callApi(mock.baseUrl, '/products/ping', sign(payload, 'k'));
    expect(scoped.status).toBe(403);
    expect(await scoped.json()).toEqual({
      error: 'insufficient_scope',
      error_description: 'Insufficient scope for this resource',
      scope: 'read',
    });
    const wrongAud = await callApi(
      mock.baseUrl,
      '/products/ping',
      sign({ ...payload, scope: ['read'], aud: ['other'] }, 'k'),
    );
    expect(wrongAud.status).toBe(403);
    expect((await wrongAud.json()).error).toBe('access_denied');
  });

  it('answers Spring Boot errors for bad bodies, wrong methods and unknown paths (after auth)', async () => {
    const clock = fakeClock();
    mock = await startMockAdumo({ now: clock.now });
    const token = await getToken(mock.tokenUrl);
    const bad = await fetch(`${mock.baseUrl}${CARD}/settle`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"amount":',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      status: 400,
      error: 'Bad Request',
      path: `${CARD}/settle`,
    });
    const empty = await fetch(`${mock.baseUrl}${CARD}/settle`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await empty.json()).message).toBe('Required request body is missing');
    const get = await callApi(mock.baseUrl, `${CARD}/settle`, token, { method: 'GET' });
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    expect((await callApi(mock.baseUrl, `${CARD}/teleport`, token, { body: {} })).status).toBe(404);
    expect((await callApi(mock.baseUrl, `${CARD}/teleport`, undefined, { body: {} })).status).toBe(
      401,
    );
  });

  it('renders resource-server errors as XML when JSON is not accepted', async () => {
    mock = await startMockAdumo();
    const res = await callApi(mock.baseUrl, '/products/ping', 'garbage', {
      accept: 'application/xml',
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain(
      '<oauth><error_description>Cannot convert access token to JSON</error_description><error>invalid_token</error></oauth>',
    );
  });
});
