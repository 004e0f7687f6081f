import { TokenManager } from '@adumo-oauth/core';
import { createAuthorizedFetch } from '@adumo-oauth/fetch';
import { initiatePayment } from '../support/card-flow';
import { burst } from '../support/load';
import { countMock } from '../support/mock-counters';
import { requireMock } from '../support/mock-target';
import { latency, statusList } from '../support/stats';
import { summariseToken } from '../support/token-info';
import type { Target } from '../target';
import { check, type Scenario, type ScenarioOutcome } from './types';

/** Concurrent calls sent right after the revocation. */
const CALLERS = 10;

/**
 * Lifecycle scene (b) — Adumo revokes every token while the cached one is still "valid". The next
 * calls get 401 `invalid_token`; the authorized fetch invalidates the token it sent, the manager
 * gets ONE fresh token for all of them, and each call is resent once: every caller sees 200.
 */
export async function revokedTokens(target: Target): Promise<ScenarioOutcome> {
  const mock = requireMock(target);
  const tokens = new TokenManager({
    baseUrl: target.baseUrl,
    clientId: target.clientId,
    clientSecret: target.clientSecret,
  });
  const adumoFetch = createAuthorizedFetch(tokens); // retryOnUnauthorized: true by default
  try {
    const before = await initiatePayment(adumoFetch, 'revoke-0');
    const revoked = await tokens.getToken();
    mock.faults.revokeAll();
    const seen = countMock(mock, target.clientId);
    const load = await burst(CALLERS, async (i) => {
      const status = await initiatePayment(adumoFetch, `revoke-${i + 1}`);
      return { ok: status === 200, outcome: String(status) };
    });
    const mockSaw = seen();
    const rejected = mockSaw.apiCallsByStatus['401'] ?? 0;
    const fresh = mockSaw.tokenOutcomes['issued'] ?? 0;
    const token = await tokens.getToken();
    return {
      summary: `tokens revoked, then ${CALLERS} concurrent calls: ${rejected} got 401, ${fresh} fresh token, each call resent once`,
      calls: load.calls,
      successes: load.successes,
      tokenRequests: tokens.stats().requests,
      token: summariseToken(token),
      latencyMs: latency(load.latencies),
      metrics: {
        rejectedWithRevokedToken: rejected,
        freshTokens: fresh,
        apiCalls: mockSaw.apiCalls,
      },
      checks: [
        check('a call before the revocation succeeded', before === 200, `HTTP ${before}`),
        check('the API refused the revoked token', rejected === CALLERS, `${rejected} × 401`),
        check('every caller still got 200', load.successes === CALLERS, statusList(load.outcomes)),
        check(
          'one fresh token for all of them',
          fresh === 1 && token.jti !== revoked.jti,
          `${fresh} issued`,
        ),
        check(
          'each call resent exactly once',
          mockSaw.apiCalls === 2 * CALLERS,
          `${mockSaw.apiCalls} API calls`,
        ),
      ],
    };
  } finally {
    await tokens.close();
  }
}

/** Scene (b) as run by the demo. */
export const revokedTokensScenario: Scenario = {
  id: 'revoked',
  title: 'tokens revoked: 401 → one fresh token → one retry → success',
  adapter: '@adumo-oauth/fetch (401 retry)',
  mockOnly: true,
  run: revokedTokens,
};
