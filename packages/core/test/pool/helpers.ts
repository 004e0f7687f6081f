import { startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { testHooks } from '../../src/timers';
import { TokenPool, type MerchantCredentials, type TokenPoolOptions } from '../../src';
import type { Clock } from '../helpers';

/** Merchant `merchant-<i>` has client id `client-<i>` and a recognisable secret. */
export const clientIdOf = (i: number): string => `client-${i}`;
export const secretOf = (i: number): string => `Pool-Secret-${i}-q7/+=&?x`;

/** A mock with `count` merchants, and their credentials by merchant id. */
export async function mockWithMerchants(
  count: number,
  options: { now?: () => number; tokenLifetimeSeconds?: number } = {},
): Promise<{ mock: MockAdumo; credentials: Map<string, MerchantCredentials> }> {
  const mock = await startMockAdumo({ clients: [], ...(options.now ? { now: options.now } : {}) });
  const credentials = new Map<string, MerchantCredentials>();
  for (let i = 1; i <= count; i++) {
    const clientId = clientIdOf(i);
    const clientSecret = secretOf(i);
    mock.clients.add({
      clientId,
      clientSecret,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds,
    });
    credentials.set(`merchant-${i}`, { clientId, clientSecret });
  }
  return { mock, credentials };
}

/** A pool on `mock` whose resolver reads `credentials` and counts its calls per merchant. */
export function poolOn(
  mock: MockAdumo,
  credentials: Map<string, MerchantCredentials>,
  overrides: Partial<TokenPoolOptions> = {},
  clock?: Clock,
): { pool: TokenPool; lookups: Map<string, number> } {
  const lookups = new Map<string, number>();
  const pool = new TokenPool({
    baseUrl: mock.baseUrl,
    credentials: (id) => {
      lookups.set(id, (lookups.get(id) ?? 0) + 1);
      return credentials.get(id);
    },
    ...(clock
      ? {
          now: clock.now,
          ...testHooks({
            random: () => 0.5,
            sleep: (ms: number) => {
              clock.advance(ms);
              return Promise.resolve();
            },
          }),
        }
      : {}),
    ...overrides,
  });
  return { pool, lookups };
}

/** The `client_id` claim of a token. */
export function clientIdClaim(token: {
  readonly claims: Readonly<Record<string, unknown>> | undefined;
}): unknown {
  return token.claims?.['client_id'];
}
