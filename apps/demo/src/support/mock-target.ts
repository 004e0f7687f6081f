import { mockMerchants, type MockAdumo, type MockMerchant } from '@adumo-oauth/mock-server';
import type { Target } from '../target';

/** The running mock of a mock target; lifecycle scenes are only run against one. */
export function requireMock(target: Target): MockAdumo {
  if (target.mock === undefined) throw new Error('this scene needs the embedded mock Adumo');
  return target.mock;
}

/** Register `clientId` (with the target's secret) on the mock with short-lived tokens. */
export function addShortLivedClient(
  target: Target,
  clientId: string,
  tokenLifetimeSeconds: number,
): MockAdumo {
  const mock = requireMock(target);
  mock.clients.add({ clientId, clientSecret: target.clientSecret, tokenLifetimeSeconds });
  return mock;
}

/**
 * Register `count` merchants on the mock (`${prefix}1` …, each with its own secret, from the
 * mock's `mockMerchants`) and return their credentials, as a platform would load them.
 */
export function addMerchants(target: Target, count: number, prefix: string): MockMerchant[] {
  const mock = requireMock(target);
  const merchants = mockMerchants(count, prefix);
  for (const { clientId, clientSecret } of merchants) mock.clients.add({ clientId, clientSecret });
  return merchants;
}
