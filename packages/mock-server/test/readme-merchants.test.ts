// The README's "Many merchants" example, verbatim (kept in sync by test/readme-sync.test.ts).
// merchants.test.ts — one token per merchant, each checkout authorised with its own merchant's token
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mockMerchants, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';

let mock: MockAdumo;
beforeAll(async () => {
  // Accepts merchant-1 … merchant-10000 without a list in memory.
  mock = await startMockAdumo({ merchants: { count: 10_000 }, dateOffsetMs: -90_000 });
});
afterAll(() => mock.close());

// What your app would load from its database or vault, keyed by merchant id.
const credentials = new Map(mockMerchants(10_000).map((m) => [m.merchantId, m]));

async function tokenFor(merchantId: string): Promise<string> {
  const { clientId, clientSecret } = credentials.get(merchantId)!;
  const query = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  const res = await fetch(`${mock.tokenUrl}?${query}`, { method: 'POST' });
  return ((await res.json()) as { access_token: string }).access_token;
}

it('authorises each checkout with its own merchant token', async () => {
  for (const merchantId of ['merchant-1', 'merchant-2', 'merchant-9999']) {
    const res = await fetch(`${mock.baseUrl}/products/payments/v1/card/authorise`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await tokenFor(merchantId)}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ amount: 1500 }),
    });
    expect(((await res.json()) as { clientId: string }).clientId).toBe(merchantId);
  }
  expect(mock.stats.snapshot().apiCallsByClient).toEqual({
    'merchant-1': 1,
    'merchant-2': 1,
    'merchant-9999': 1,
  });

  // The server's Date header runs 90 s behind this machine's clock (dateOffsetMs).
  const res = await fetch(`${mock.baseUrl}/products/ping`);
  const skewMs = Date.parse(res.headers.get('date')!) - Date.now();
  expect(skewMs).toBeLessThan(-60_000);
  mock.faults.clockSkew(0); // or faults.clear(): back to the dateOffsetMs option
});
