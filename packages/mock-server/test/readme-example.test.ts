// The README's example, verbatim (kept in sync by test/readme-sync.test.ts).
// adumo.test.ts — runs with vitest (or node:test with small changes)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';

let mock: MockAdumo;
beforeAll(async () => {
  mock = await startMockAdumo(); // 127.0.0.1, free port, accepts DEFAULT_CLIENT
});
afterAll(() => mock.close()); // also ends hanging requests

async function getToken(): Promise<string> {
  const query = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: DEFAULT_CLIENT.clientId,
    client_secret: DEFAULT_CLIENT.clientSecret,
  });
  const res = await fetch(`${mock.tokenUrl}?${query}`, {
    method: 'POST',
    headers: { Accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`token request failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

it('pays with a fresh token and survives a token endpoint outage', async () => {
  const token = await getToken();
  const res = await fetch(`${mock.baseUrl}/products/payments/v1/card/authorise`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ amount: 1500, merchantReference: 'order-1' }),
  });
  expect(res.status).toBe(200);

  mock.faults.failTokenRequests({ status: 503, count: 2, retryAfterSeconds: 1 });
  await expect(getToken()).rejects.toThrow('503');
  expect(mock.stats.snapshot().tokenRequestsByClient[DEFAULT_CLIENT.clientId]).toEqual({
    issued: 1,
    'fault:http-503': 1,
  });
});
