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
  // The promise is about sending: each request is checked as it leaves (the JWT `exp` of the
  // token it carries against the clock). On a loaded machine a request sent in time may still
  // arrive after expiry (the event loop stalls for longer than the 10 % must-refresh window of a
  // 1.3 s token); the mock answers 401 and the fetch resends once with a fresh token.
  let sent = 0;
  let sentExpired = 0;
  const adumoFetch = createAuthorizedFetch(tokens, {
    fetch: (input, init) => {
      sent += 1;
      const headers = input instanceof Request ? input.headers : new Headers(init?.headers);
      if (isExpired(headers.get('authorization'))) sentExpired += 1;
      return fetch(input, init);
    },
  });
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
        sentExpired,
        expiredOnArrival: expired,
        tokensIssued: issued,
        apiCalls: mockSaw.apiCalls,
      },
      checks: [
        check(
          'no call sent with an expired token',
          sentExpired === 0 && sent >= load.calls,
          `${sentExpired} of ${sent} sent after their token's exp; ${expired} arrived after it (resent once)`,
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

/** Whether a `Bearer <JWT>` header's token is past its `exp` (whole seconds) now. */
function isExpired(authorization: string | null): boolean {
  const payload = authorization?.split(' ')[1]?.split('.')[1];
  if (payload === undefined) return false;
  const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as {
    exp?: unknown;
  };
  return typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now();
}

/** Scene (a) as run by the demo. */
export const shortLifetimeScenario: Scenario = {
  id: 'short-lifetime',
  title: `${LIFETIME_SECONDS}-second tokens crossed under load`,
  adapter: '@adumo-oauth/core (refresh-ahead)',
  mockOnly: true,
  run: shortLifetime,
};
