import type { MockAdumo } from '@adumo-oauth/mock-server';
import type { Target } from '../target';

/** The running mock of a mock target; lifecycle scenes are only run against one. */
export function requireMock(target: Target): MockAdumo {
  if (target.mock === undefined) throw new Error('this scene needs the embedded mock Adumo');
  return target.mock;
}
