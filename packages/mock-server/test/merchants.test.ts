import { afterEach, describe, expect, it } from 'vitest';
import {
  ADUMO_AUTHORITIES,
  merchantSecret,
  mockMerchants,
  startMockAdumo,
  type MockAdumo,
} from '../src/index';
import { callApi, decodeJwt, getToken, ID, requestToken, SECRET, tokenJson } from './helpers';

let mock: MockAdumo | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('merchantSecret / mockMerchants', () => {
  it('derives a deterministic secret that differs from the id', () => {
    expect(merchantSecret('merchant-7')).toBe(merchantSecret('merchant-7'));
    expect(merchantSecret('merchant-7')).not.toBe('merchant-7');
    expect(merchantSecret('merchant-7')).not.toBe(merchantSecret('merchant-8'));
  });

  it('lists count merchants with the default or a custom prefix', () => {
    const list = mockMerchants(3);
    expect(list).toEqual(
      [1, 2, 3].map((i) => ({
        merchantId: `merchant-${i}`,
        clientId: `merchant-${i}`,
        clientSecret: merchantSecret(`merchant-${i}`),
      })),
    );
    expect(mockMerchants(2, 'shop-').map((m) => m.clientId)).toEqual(['shop-1', 'shop-2']);
    expect(mockMerchants(0)).toEqual([]);
  });

  it('refuses a bad count or prefix with a typed error', () => {
    expect(() => mockMerchants(-1)).toThrow(RangeError);
    expect(() => mockMerchants(1.5)).toThrow(RangeError);
    expect(() => mockMerchants(2, '')).toThrow(TypeError);
  });
});

describe('merchants option', () => {
  it('accepts merchant-1 … merchant-N with their secrets and refuses everything around them', async () => {
    mock = await startMockAdumo({ merchants: { count: 100_000 } });
    for (const id of ['merchant-1', 'merchant-99999', 'merchant-100000']) {
      const res = await requestToken(mock.tokenUrl, { id, secret: merchantSecret(id) });
      expect(res.status).toBe(200);
      const body = await tokenJson(res);
      expect(decodeJwt(body.access_token).payload.client_id).toBe(id);
      expect(decodeJwt(body.access_token).payload.authorities).toEqual([...ADUMO_AUTHORITIES]);
    }
    const refused = [
      ['merchant-0', merchantSecret('merchant-0')],
      ['merchant-100001', merchantSecret('merchant-100001')],
      ['merchant-01', merchantSecret('merchant-01')],
      ['merchant-1x', merchantSecret('merchant-1x')],
      ['merchant-', merchantSecret('merchant-')],
      ['merchant-5', 'wrong'],
      ['merchant-5', 'merchant-5'],
    ];
    for (const [id, secret] of refused) {
      const res = await requestToken(mock.tokenUrl, { id: id!, secret: secret! });
      expect([id, res.status]).toEqual([id, 401]);
    }
    // The default client is still accepted; generated merchants are not listed.
    expect((await requestToken(mock.tokenUrl)).status).toBe(200);
    expect(mock.clients.list().map((c) => c.clientId)).toEqual([ID]);
    expect(mock.clients.get('merchant-42')?.clientSecret).toBe(merchantSecret('merchant-42'));
    expect(mock.clients.get('merchant-100001')).toBeUndefined();
    expect(mock.stats.snapshot().tokenRequestsByClient['merchant-5']).toEqual({
      invalid_client: 2,
    });
  });

  it('uses a custom prefix', async () => {
    mock = await startMockAdumo({ merchants: { count: 2, prefix: 'shop-' }, clients: [] });
    expect(
      (await requestToken(mock.tokenUrl, { id: 'shop-2', secret: merchantSecret('shop-2') }))
        .status,
    ).toBe(200);
    expect(
      (
        await requestToken(mock.tokenUrl, {
          id: 'merchant-1',
          secret: merchantSecret('merchant-1'),
        })
      ).status,
    ).toBe(401);
    expect((await requestToken(mock.tokenUrl, { id: ID, secret: SECRET })).status).toBe(401);
  });

  it('update() turns a generated merchant into a listed client with its own settings', async () => {
    mock = await startMockAdumo({ merchants: { count: 10 } });
    mock.clients.update('merchant-3', {
      authorities: ['TRANSACTION_VIEW'],
      tokenLifetimeSeconds: 5,
    });
    const res = await requestToken(mock.tokenUrl, {
      id: 'merchant-3',
      secret: merchantSecret('merchant-3'),
    });
    const body = await tokenJson(res);
    expect(body.expires_in).toBe(5);
    expect(decodeJwt(body.access_token).payload.authorities).toEqual(['TRANSACTION_VIEW']);
    expect(mock.clients.list().map((c) => c.clientId)).toEqual([ID, 'merchant-3']);
    expect(() => mock!.clients.update('merchant-11', {})).toThrow('Unknown mock client');
  });

  it('refuses a bad merchants option at start', async () => {
    await expect(startMockAdumo({ merchants: { count: -1 } })).rejects.toThrow(RangeError);
    await expect(startMockAdumo({ merchants: { count: 1, prefix: '' } })).rejects.toThrow(
      TypeError,
    );
  });
});

describe('clientRule option', () => {
  it('is consulted once per lookup for unlisted ids only, before the merchants rule', async () => {
    const asked: string[] = [];
    mock = await startMockAdumo({
      merchants: { count: 5 },
      clientRule: (clientId) => {
        asked.push(clientId);
        if (clientId === 'merchant-2') return { clientId, clientSecret: 'overridden' };
        return clientId.startsWith('tenant:')
          ? { clientId, clientSecret: `${clientId}!`, authorities: ['TRANSACTION_VIEW'] }
          : undefined;
      },
    });
    const tenant = await requestToken(mock.tokenUrl, { id: 'tenant:a', secret: 'tenant:a!' });
    expect(tenant.status).toBe(200);
    expect(decodeJwt((await tokenJson(tenant)).access_token).payload.authorities).toEqual([
      'TRANSACTION_VIEW',
    ]);
    expect((await requestToken(mock.tokenUrl, { id: 'tenant:a', secret: 'x' })).status).toBe(401);
    expect((await requestToken(mock.tokenUrl, { id: 'other', secret: 'x' })).status).toBe(401);
    expect(
      (await requestToken(mock.tokenUrl, { id: 'merchant-2', secret: 'overridden' })).status,
    ).toBe(200);
    expect(
      (
        await requestToken(mock.tokenUrl, {
          id: 'merchant-2',
          secret: merchantSecret('merchant-2'),
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await requestToken(mock.tokenUrl, {
          id: 'merchant-4',
          secret: merchantSecret('merchant-4'),
        })
      ).status,
    ).toBe(200);
    await getToken(mock.tokenUrl); // listed: the rule is not asked
    expect(asked).toEqual([
      'tenant:a',
      'tenant:a',
      'other',
      'merchant-2',
      'merchant-2',
      'merchant-4',
    ]);
  });

  it('answers 500 server_error when the rule returns another client id', async () => {
    mock = await startMockAdumo({
      clientRule: () => ({ clientId: 'someone-else', clientSecret: 's' }),
    });
    const res = await requestToken(mock.tokenUrl, { id: 'me', secret: 's' });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: 'server_error',
      error_description: 'Internal Server Error',
    });
  });
});

describe('per-client API stats', () => {
  it('answers with the token client_id and counts authorised calls per client', async () => {
    mock = await startMockAdumo({ merchants: { count: 3 } });
    const tokens = await Promise.all(
      ['merchant-1', 'merchant-2', 'merchant-3'].map((id) =>
        getToken(mock!.tokenUrl, id, merchantSecret(id)),
      ),
    );
    const [t1, t2, t3] = tokens as [string, string, string];
    const ping = await callApi(mock.baseUrl, '/products/ping', t2);
    expect(await ping.json()).toEqual({ status: 'ok', clientId: 'merchant-2' });
    for (const token of [t1, t1, t3]) {
      const res = await callApi(mock.baseUrl, '/products/payments/v1/card/authorise', token, {
        body: { amount: 100 },
      });
      expect(res.status).toBe(200);
    }
    const settle = await callApi(mock.baseUrl, '/products/payments/v1/card/settle', t3, {
      body: { amount: 100, transactionId: 'tx' },
    });
    expect(((await settle.json()) as { clientId: string }).clientId).toBe('merchant-3');
    // Not authorised (or not answered 200): not counted per client.
    await callApi(mock.baseUrl, '/products/ping', 'garbage');
    await callApi(mock.baseUrl, '/products/payments/v1/card/nope', t1, { body: {} });
    mock.clients.update('merchant-2', { authorities: [] });
    const t2b = await getToken(mock.tokenUrl, 'merchant-2', merchantSecret('merchant-2'));
    expect(
      (await callApi(mock.baseUrl, '/products/payments/v1/card/refund', t2b, { body: {} })).status,
    ).toBe(403);
    const stats = mock.stats.snapshot();
    expect(stats.apiCallsByClient).toEqual({ 'merchant-1': 2, 'merchant-2': 1, 'merchant-3': 2 });
    expect(stats.apiCalls).toBe(8);
    mock.stats.reset();
    expect(mock.stats.snapshot().apiCallsByClient).toEqual({});
  });
});
