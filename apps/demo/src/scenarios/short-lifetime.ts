import { TokenManager } from '@adumo-oauth/core';
import { createAuthorizedFetch } from '@adumo-oauth/fetch';
import { initiatePayment } from '../support/card-flow';
import { sustain } from '../support/load';
import { countMock } from '../support/mock-counters';
import { addShortLivedClient } from '../support/mock-target';
import { latency, statusList } from '../support/stats';
import { summariseToken } from '../support/token-info';
import type { Target } from '../target';
import { check, type Scenario, type ScenarioOutcome } from './types';

/** The scene's mock client, whose tokens live 2 s. */
const CLIENT_ID = 'demo-short-lived';
const LIFETIME_SECONDS = 2;
const LOAD_MS = 4_000;
const WORKERS = 16;

/**
 * Lifecycle scene (a) — 2-second tokens crossed under steady load for 4 s. With the default
 * windows the manager refreshes in the background at 75 % of the lifetime and makes callers wait
 * only in the last 10 %, so no call is ever sent with an expired token (the mock counts the API's
 * 401 answers) and every refresh is one token request, not one per caller.
 */
export async function shortLifetime(target: Target): Promise<ScenarioOutcome> {
  const mock = addShortLivedClient(target, CLIENT_ID, LIFETIME_SECONDS);
  const tokens = new TokenManager({
    baseUrl: target.baseUrl,
    clientId: CLIENT_ID,
    clientSecret: target.clientSecret,
  });
  const adumoFetch = createAuthorizedFetch(tokens);
  const seen = countMock(mock, CLIENT_ID);
  try {
    const load = await sustain(LOAD_MS, WORKERS, async (i) => {
      const status = await initiatePayment(adumoFetch, `short-${i}`);
      return { ok: status === 200, outcome: String(status) };
    });
    const mockSaw = seen();
    const expired = mockSaw.apiCallsByStatus['401'] ?? 0;
    const issued = mockSaw.tokenOutcomes['issued'] ?? 0;
    const { requests } = tokens.stats();
    // At most one refresh per 0.75 × lifetime (≥ 1 s, the JWT `exp` is whole seconds), +1 cold.
    const bound = Math.ceil(LOAD_MS / 750) + 1;
    return {
      summary: `${WORKERS} workers for ${LOAD_MS / 1000} s on ${LIFETIME_SECONDS}-second tokens: ${issued} tokens for ${load.calls} calls`,
      calls: load.calls,
      successes: load.successes,
      tokenRequests: requests,
      token: summariseToken(await tokens.getToken()),
      latencyMs: latency(load.latencies),
      metrics: {
        expiredTokenRejections: expired,
        tokensIssued: issued,
        apiCalls: mockSaw.apiCalls,
      },
      checks: [
        check(
          'no call sent with an expired token',
          expired === 0,
          `API 401s seen by the mock: ${expired}`,
        ),
        check('every call succeeded', load.successes === load.calls, statusList(load.outcomes)),
        check('the lifetime was crossed', issued >= 2, `${issued} tokens issued`),
        check(
          'one token request per refresh',
          requests <= bound,
          `${requests} requests (at most ${bound})`,
        ),
      ],
    };
  } finally {
    await tokens.close();
  }
}

/** Scene (a) as run by the demo. */
export const shortLifetimeScenario: Scenario = {
  id: 'short-lifetime',
  title: `${LIFETIME_SECONDS}-second tokens crossed under load`,
  adapter: '@adumo-oauth/core (refresh-ahead)',
  mockOnly: true,
  run: shortLifetime,
};
