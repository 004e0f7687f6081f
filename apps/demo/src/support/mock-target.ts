import type { MockAdumo } from '@adumo-oauth/mock-server';
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
