import { afterEach, describe, expect, it } from 'vitest';
import { startMockAdumo, type MockAdumo } from '../src/index';
import { callApi, getToken, requestToken } from './helpers';

let mock: MockAdumo | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('stats', () => {
  it('counts token requests per client and outcome, responses per status, API calls per status and path', async () => {
    mock = await startMockAdumo();
    const token = await getToken(mock.tokenUrl);
    await getToken(mock.tokenUrl);
    await requestToken(mock.tokenUrl, { secret: 'wrong' });
    await requestToken(mock.tokenUrl, { id: 'stranger' });
    await fetch(mock.tokenUrl, { method: 'POST' });
    mock.faults.failTokenRequests({ status: 503, count: 1 });
    await requestToken(mock.tokenUrl);
    await callApi(mock.baseUrl, '/products/ping', token);
    await callApi(mock.baseUrl, '/products/ping', 'garbage');
    await callApi(mock.baseUrl, '/products/payments/v1/card/refund', token, {
      body: { amount: 1 },
    });
    await fetch(`${mock.baseUrl}/__mock/stats`); // the control plane is not counted

    expect(mock.stats.tokenRequests).toBe(6);
    expect(mock.stats.snapshot()).toEqual({
      tokenRequests: 6,
      tokenRequestsByClient: {
        'adumo-test-client': { issued: 2, invalid_client: 1, 'fault:http-503': 1 },
        stranger: { invalid_client: 1 },
        '(none)': { no_credentials: 1 },
      },
      tokenResponsesByStatus: { '200': 2, '401': 3, '503': 1 },
      apiCalls: 3,
      apiCallsByStatus: { '200': 2, '401': 1 },
      apiCallsByPath: { '/products/ping': 2, '/products/payments/v1/card/refund': 1 },
      apiCallsByClient: { 'adumo-test-client': 2 },
    });
  });

  it('reset() zeroes every counter; snapshots are copies', async () => {
    mock = await startMockAdumo();
    await getToken(mock.tokenUrl);
    const before = mock.stats.snapshot();
    mock.stats.reset();
    expect(before.tokenRequests).toBe(1);
    expect(mock.stats.snapshot()).toEqual({
      tokenRequests: 0,
      tokenRequestsByClient: {},
      tokenResponsesByStatus: {},
      apiCalls: 0,
      apiCallsByStatus: {},
      apiCallsByPath: {},
      apiCallsByClient: {},
    });
    await getToken(mock.tokenUrl);
    expect(mock.stats.snapshot().tokenRequestsByClient).toEqual({
      'adumo-test-client': { issued: 1 },
    });
    expect(before.tokenRequestsByClient['adumo-test-client']).toEqual({ issued: 1 });
  });
});
