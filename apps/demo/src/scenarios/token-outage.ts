import { TokenManager } from '@adumo-oauth/core';
import { createAuthorizedFetch } from '@adumo-oauth/fetch';
import { initiatePayment } from '../support/card-flow';
import { sleep, sustain, type Call } from '../support/load';
import { countMock } from '../support/mock-counters';
import { addShortLivedClient } from '../support/mock-target';
import { latency, statusList } from '../support/stats';
import { summariseToken } from '../support/token-info';
import type { Target } from '../target';
import { check, type Scenario, type ScenarioOutcome } from './types';

const CLIENT_ID = 'demo-outage';
const LIFETIME_SECONDS = 4;
const WORKERS = 8;
/** Refresh from half the lifetime on; callers wait only in the last 10 %. */
const WINDOWS = { refreshRatio: 0.5, refreshMaxMs: 3_600_000, mustRatio: 0.1, mustMaxMs: 30_000 };

/**
 * Lifecycle scene (c) — the token endpoint answers 503 while the cached token is inside its
 * refresh window. Background refreshes fail (and back off), callers keep getting the still-valid
 * token (stale-if-error): no call fails. When the endpoint is back, the next refresh succeeds.
 */
export async function tokenOutage(target: Target): Promise<ScenarioOutcome> {
  const mock = addShortLivedClient(target, CLIENT_ID, LIFETIME_SECONDS);
  const tokens = new TokenManager({
    baseUrl: target.baseUrl,
    clientId: CLIENT_ID,
    clientSecret: target.clientSecret,
    refreshWindow: { ratio: WINDOWS.refreshRatio },
    mustRefreshWindow: { ratio: WINDOWS.mustRatio },
    retry: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 200 },
  });
  let refreshErrors = 0;
  tokens.on('refreshError', () => refreshErrors++);
  const adumoFetch = createAuthorizedFetch(tokens);
  const call: Call = async (i) => {
    const status = await initiatePayment(adumoFetch, `outage-${i}`);
    return { ok: status === 200, outcome: String(status) };
  };
  try {
    const first = await tokens.getToken();
    // The windows this scene configures, as the core computes them (see the core README).
    const lifetime = first.expiresAt - first.issuedAt;
    const refreshAt =
      first.expiresAt - Math.min(lifetime * WINDOWS.refreshRatio, WINDOWS.refreshMaxMs);
    const mustRefreshAt =
      first.expiresAt - Math.min(lifetime * WINDOWS.mustRatio, WINDOWS.mustMaxMs);
    mock.faults.failTokenRequests({ status: 503 }); // until cleared
    const seen = countMock(mock, CLIENT_ID);
    await sleep(refreshAt - Date.now() + 50); // into the refresh window
    const outage = await sustain(Math.min(1_000, mustRefreshAt - Date.now() - 100), WORKERS, call);
    const during = seen();
    const sameToken = tokens.peek()?.jti === first.jti;
    mock.faults.clear();
    const recovery = await sustain(1_500, WORKERS, call, () => tokens.peek()?.jti !== first.jti);
    const after = seen();
    const failedAttempts = during.tokenOutcomes['fault:http-503'] ?? 0;
    const recovered = (after.tokenOutcomes['issued'] ?? 0) >= 1 && tokens.peek()?.jti !== first.jti;
    const latencies = [...outage.latencies, ...recovery.latencies];
    return {
      summary: `token endpoint down (503) inside the refresh window: ${outage.calls} calls on the cached token, then recovery`,
      calls: outage.calls + recovery.calls,
      successes: outage.successes + recovery.successes,
      tokenRequests: tokens.stats().requests,
      token: summariseToken(await tokens.getToken()),
      latencyMs: latency(latencies),
      metrics: {
        failedTokenRequests: failedAttempts,
        refreshErrors,
        callsDuringOutage: outage.calls,
      },
      checks: [
        check(
          'no call failed during the outage',
          outage.successes === outage.calls && outage.calls > 0,
          statusList(outage.outcomes),
        ),
        check('the token endpoint really failed', failedAttempts >= 1, `${failedAttempts} × 503`),
        check('the cached token stayed in service', sameToken, sameToken ? 'same jti' : 'replaced'),
        check(
          'a new token once the endpoint was back',
          recovered,
          `${after.tokenOutcomes['issued'] ?? 0} issued`,
        ),
        check(
          'no call failed after it',
          recovery.successes === recovery.calls,
          statusList(recovery.outcomes) || 'no calls',
        ),
      ],
    };
  } finally {
    mock.faults.clear();
    await tokens.close();
  }
}

/** Scene (c) as run by the demo. */
export const tokenOutageScenario: Scenario = {
  id: 'outage',
  title: 'token endpoint outage: stale-if-error keeps calls succeeding',
  adapter: '@adumo-oauth/core (stale-if-error)',
  mockOnly: true,
  run: tokenOutage,
};
