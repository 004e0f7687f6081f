import { check, type ScenarioOutcome } from '../scenarios/types';
import type { Target } from '../target';
import type { LoadResult } from './load';
import { accepted, latency, statusList } from './stats';

/**
 * The figures and checks both app scenarios (Express, Nest) report for a burst of `expected`
 * concurrent checkouts: every request accepted, and one token request shared by all of them.
 */
export function burstOutcome(
  target: Target,
  load: LoadResult,
  expected: number,
  requests: number,
  apiCalls: number | undefined,
): Omit<ScenarioOutcome, 'summary' | 'token'> {
  const ok = load.calls === expected && accepted(load.outcomes, target.kind) === load.calls;
  return {
    calls: load.calls,
    successes: load.successes,
    tokenRequests: requests,
    latencyMs: latency(load.latencies),
    metrics: apiCalls === undefined ? {} : { cardApiCalls: apiCalls },
    checks: [
      check(
        target.kind === 'mock' ? 'every request succeeded' : 'every request authorised',
        ok,
        `${load.successes}/${load.calls} (${statusList(load.outcomes)})`,
      ),
      check('one shared token request', requests === 1, `${requests} token request(s)`),
    ],
  };
}
