import { afterAll, beforeAll, beforeEach } from 'vitest';
import { DEFAULT_CLIENT, startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import type { FetchLike, TokenManagerOptions } from '../src';

/** The second merchant the mock accepts (named-client tests). */
export const MERCHANT_B = { clientId: 'merchant-b', clientSecret: 'merchant-b-secret' } as const;

/** A mock Adumo on 127.0.0.1:0 accepting the default client and {@link MERCHANT_B}. */
export function startMock(): Promise<MockAdumo> {
  return startMockAdumo({ clients: [DEFAULT_CLIENT, MERCHANT_B] });
}

/**
 * One mock for the whole test file: started before all tests, its faults cleared and stats reset
 * before each, closed after all. The returned object reads through to the running mock.
 */
export function mockPerFile(): MockAdumo {
  let current: MockAdumo | undefined;
  beforeAll(async () => {
    current = await startMock();
  });
  afterAll(() => current?.close());
  beforeEach(() => {
    current?.faults.clear();
    current?.stats.reset();
  });
  const running = (): MockAdumo => {
    if (current === undefined) throw new Error('the mock starts in beforeAll');
    return current;
  };
  return {
    get baseUrl() {
      return running().baseUrl;
    },
    get tokenUrl() {
      return running().tokenUrl;
    },
    get port() {
      return running().port;
    },
    get clients() {
      return running().clients;
    },
    get stats() {
      return running().stats;
    },
    get faults() {
      return running().faults;
    },
    close: () => running().close(),
  };
}

/** `TokenManager` options for `client` (default: the mock's default client) against `mock`. */
export function managerOptions(
  mock: MockAdumo,
  client: { clientId: string; clientSecret: string } = DEFAULT_CLIENT,
): TokenManagerOptions {
  return {
    baseUrl: mock.baseUrl,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
  };
}

/** The card API's answer to an `initiate` sent through `adumoFetch`. */
export async function initiate(
  adumoFetch: FetchLike,
  mock: MockAdumo,
  merchantReference = 'order-1',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await adumoFetch(`${mock.baseUrl}/products/payments/v1/card/initiate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ amount: 1500, merchantReference }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Token requests the mock answered with a token, per client id. */
export function issuedByClient(mock: MockAdumo): Record<string, number> {
  const byClient = mock.stats.snapshot().tokenRequestsByClient;
  return Object.fromEntries(
    Object.entries(byClient).map(([id, outcomes]) => [id, outcomes['issued'] ?? 0]),
  );
}

/** What the test apps' payment routes answer: the card API's status and body, relayed. */
export interface Payment {
  status: number;
  body: Record<string, unknown>;
}
