import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackHost } from '../src/http/io';
import { startMockAdumo, type MockAdumo } from '../src/index';
import { callApi, getToken, requestToken } from './helpers';

let mock: MockAdumo | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

function control(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') {
  return fetch(`${mock!.baseUrl}/__mock/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('HTTP control plane', () => {
  it('reads and resets stats', async () => {
    mock = await startMockAdumo();
    await getToken(mock.tokenUrl);
    const stats = await (await control('stats')).json();
    expect(stats.tokenRequests).toBe(1);
    expect((await control('stats/reset', {})).status).toBe(204);
    expect(mock.stats.tokenRequests).toBe(0);
  });

  it('injects failures, queued responses, latency, revocation and clears them', async () => {
    mock = await startMockAdumo();
    const token = await getToken(mock.tokenUrl);
    expect(
      (await control('faults', { type: 'fail', status: 503, count: 1, retryAfterSeconds: 3 }))
        .status,
    ).toBe(204);
    const failed = await requestToken(mock.tokenUrl);
    expect([failed.status, failed.headers.get('retry-after')]).toEqual([503, '3']);
    await control('faults', { type: 'next', kind: 'token-type-mac', count: 2 });
    for (let i = 0; i < 2; i++)
      expect((await (await requestToken(mock.tokenUrl)).json()).token_type).toBe('mac');
    await control('faults', { type: 'revoke' });
    expect((await callApi(mock.baseUrl, '/products/ping', token)).status).toBe(401);
    await control('faults', { type: 'fail', status: 500 });
    expect((await control('faults', { type: 'latency', ms: 0, target: 'all' })).status).toBe(204);
    await control('faults', { type: 'clear' });
    expect((await requestToken(mock.tokenUrl)).status).toBe(200);
  });

  it('rejects invalid commands with 400', async () => {
    mock = await startMockAdumo();
    for (const body of [
      { type: 'explode' },
      { type: 'fail' },
      { type: 'fail', status: 'x' },
      { type: 'next', kind: 'nope' },
      { type: 'latency', ms: 5, target: 'db' },
    ]) {
      const res = await control('faults', body);
      expect(res.status).toBe(400);
      expect(typeof (await res.json()).error).toBe('string');
    }
    const notJson = await fetch(`${mock.baseUrl}/__mock/faults`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    expect((await control('nothing-here')).status).toBe(404);
  });

  it('adds and updates clients without ever returning secrets', async () => {
    mock = await startMockAdumo();
    const added = await control('clients', {
      clientId: 'ci',
      clientSecret: 'ci-secret',
      tokenLifetimeSeconds: 30,
    });
    expect(added.status).toBe(201);
    const text = await added.text();
    expect(text).not.toContain('ci-secret');
    expect(JSON.parse(text)).toMatchObject({
      clientId: 'ci',
      tokenLifetimeSeconds: 30,
      scope: ['read'],
    });
    const patched = await control('clients/ci', { tokenLifetimeSeconds: 5 }, 'PATCH');
    expect((await patched.json()).tokenLifetimeSeconds).toBe(5);
    expect(
      (await (await requestToken(mock.tokenUrl, { id: 'ci', secret: 'ci-secret' })).json())
        .expires_in,
    ).toBe(5);
    expect((await control('clients/ghost', {}, 'PATCH')).status).toBe(404);
    expect((await control('clients', { clientId: 'x' })).status).toBe(400);
    const list = await (await control('clients')).text();
    expect(
      (JSON.parse(list) as { clientId: string }[]).map((c: { clientId: string }) => c.clientId),
    ).toEqual(['adumo-test-client', 'ci']);
    expect(list).not.toContain('secret');
  });

  it('refuses callers that do not name a loopback host (DNS rebinding)', async () => {
    mock = await startMockAdumo();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${mock!.baseUrl}/__mock/stats`,
        { headers: { host: 'evil.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('recognises loopback addresses and hosts only', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].map(isLoopbackAddress)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(
      ['10.0.0.1', '::ffff:10.0.0.1', '192.168.1.2', '::', undefined].map(isLoopbackAddress),
    ).toEqual([false, false, false, false, false]);
    expect(['127.0.0.1:80', 'localhost:3000', '[::1]:9', 'localhost'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(
      ['evil.example', 'localhost.evil.example:80', '[::2]:9', undefined].map(isLoopbackHost),
    ).toEqual([false, false, false, false]);
  });
});
