import { afterEach, describe, expect, it } from 'vitest';
import { ADUMO_AUTHORITIES, startMockAdumo, type MockAdumo } from '../src/index';
import { decodeJwt, fakeClock, ID, requestToken, sign, tokenJson, type TokenBody } from './helpers';

let mock: MockAdumo | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('token endpoint: successful answers', () => {
  it('answers 200 with Spring field order, lowercase bearer, no-store and the client lifetime', async () => {
    const clock = fakeClock();
    mock = await startMockAdumo({ now: clock.now });
    const res = await requestToken(mock.tokenUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const text = await res.text();
    const body = JSON.parse(text) as TokenBody;
    expect(Object.keys(body)).toEqual(['access_token', 'token_type', 'expires_in', 'scope', 'jti']);
    expect(body.token_type).toBe('bearer');
    expect(body.expires_in).toBe(599999);
    expect(body.scope).toBe('read');
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('mints a new JWT with a new jti on every call', async () => {
    mock = await startMockAdumo();
    const bodies = [];
    for (let i = 0; i < 3; i++) bodies.push(await tokenJson(await requestToken(mock.tokenUrl)));
    expect(new Set(bodies.map((b) => b.access_token)).size).toBe(3);
    expect(new Set(bodies.map((b) => b.jti)).size).toBe(3);
    for (const b of bodies) expect(decodeJwt(b.access_token).payload.jti).toBe(b.jti);
  });

  it('carries the Adumo claims and a valid HS256 signature', async () => {
    const clock = fakeClock(Date.UTC(2025, 5, 1, 12, 0, 0, 250));
    mock = await startMockAdumo({ now: clock.now, signingSecret: 'test-signing-key' });
    const body = await tokenJson(await requestToken(mock.tokenUrl));
    const { header, payload } = decodeJwt(body.access_token);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(Object.keys(payload)).toEqual([
      'aud',
      'scope',
      'exp',
      'authorities',
      'jti',
      'client_id',
    ]);
    expect(payload.aud).toEqual(['resource-server-rest-api']);
    expect(payload.scope).toEqual(['read']);
    expect(payload.exp).toBe(Math.floor((clock.ms + 599999 * 1000) / 1000));
    expect(payload.client_id).toBe(ID);
    expect(payload.authorities).toEqual(ADUMO_AUTHORITIES);
    expect(payload.authorities).toHaveLength(47);
    for (const name of ['TRANSACTION_CREATE', 'AUTHORISE_CARD_TRANSACTION', 'REFUND_TRANSACTION']) {
      expect(payload.authorities).toContain(name);
    }
    // re-signing the same header+payload with the key reproduces the token exactly
    expect(sign(payload, 'test-signing-key')).toBe(body.access_token);
  });

  it('computes expires_in at response time from the injected clock', async () => {
    const clock = fakeClock();
    let calls = 0;
    // the first read of the clock (minting) sees T, later reads (the response) see T + 2.5 s
    const now = () => (calls++ === 0 ? clock.ms : clock.ms + 2500);
    mock = await startMockAdumo({
      now,
      clients: [{ clientId: ID, clientSecret: 's', tokenLifetimeSeconds: 60 }],
    });
    const body = await tokenJson(await requestToken(mock.tokenUrl, { secret: 's' }));
    expect(body.expires_in).toBe(58); // 57.5 s left, rounded up
    expect(decodeJwt(body.access_token).payload.exp).toBe(Math.floor(clock.ms / 1000) + 60);
  });

  it('uses per-client settings, and clients.update applies to the next request', async () => {
    mock = await startMockAdumo({
      clients: [
        {
          clientId: 'narrow',
          clientSecret: 'pw',
          authorities: ['TOKENIZATION'],
          scope: ['read', 'write'],
        },
      ],
    });
    let body = await tokenJson(await requestToken(mock.tokenUrl, { id: 'narrow', secret: 'pw' }));
    expect(body.scope).toBe('read write');
    expect(body.expires_in).toBe(599999);
    expect(decodeJwt(body.access_token).payload.authorities).toEqual(['TOKENIZATION']);
    mock.clients.update('narrow', { tokenLifetimeSeconds: 2 });
    body = await tokenJson(await requestToken(mock.tokenUrl, { id: 'narrow', secret: 'pw' }));
    expect(body.expires_in).toBe(2);
    expect(mock.clients.get('narrow')?.tokenLifetimeSeconds).toBe(2);
    expect(mock.clients.list().map((c) => c.clientId)).toEqual(['narrow']);
    expect(() => mock!.clients.update('nobody', { tokenLifetimeSeconds: 1 })).toThrow(
      /Unknown mock client/,
    );
  });

  it('grants a requested subset of the client scopes', async () => {
    mock = await startMockAdumo({
      clients: [{ clientId: 'c', clientSecret: 'pw', scope: ['read', 'write'] }],
    });
    const body = await tokenJson(
      await requestToken(mock.tokenUrl, { id: 'c', secret: 'pw', extra: { scope: 'write' } }),
    );
    expect(body.scope).toBe('write');
    expect(decodeJwt(body.access_token).payload.scope).toEqual(['write']);
  });

  it('accepts clients added at run time', async () => {
    mock = await startMockAdumo();
    mock.clients.add({ clientId: 'late', clientSecret: 'pw2' });
    const res = await requestToken(mock.tokenUrl, { id: 'late', secret: 'pw2' });
    expect(res.status).toBe(200);
  });
});
