import { TokenManager } from '@adumo-oauth/core';
import { createAuthorizedFetch } from '@adumo-oauth/fetch';
import { runCardFlow } from '../support/card-flow';
import { latency } from '../support/stats';
import { summariseToken } from '../support/token-info';
import type { Target } from '../target';
import { cardFlowReport, check, type Scenario, type ScenarioOutcome } from './types';

/**
 * Scenario 1 — a plain script. One `TokenManager`, one `createAuthorizedFetch`, and a card
 * payment: initiate → authorise → settle. The first call requests a token; the next two reuse it.
 */
export async function plainFetch(target: Target): Promise<ScenarioOutcome> {
  const tokens = new TokenManager({
    baseUrl: target.baseUrl,
    clientId: target.clientId,
    clientSecret: target.clientSecret,
  });
  const adumoFetch = createAuthorizedFetch(tokens);
  try {
    const started = performance.now();
    const payment = await runCardFlow(adumoFetch, 'demo-order-1');
    const took = performance.now() - started;
    const token = await tokens.getToken(); // a cache hit: the token the flow used
    const { requests } = tokens.stats();
    const flow = cardFlowReport(target, payment);
    return {
      summary: flow.summary,
      calls: flow.calls,
      successes: flow.successes,
      tokenRequests: requests,
      token: summariseToken(token),
      latencyMs: latency([took]),
      metrics: { cacheHits: tokens.stats().hits },
      checks: [
        ...flow.checks,
        check('one token request for three calls', requests === 1, `${requests} token request(s)`),
      ],
    };
  } finally {
    await tokens.close();
  }
}

/** Scenario 1 as run by the demo. */
export const plainFetchScenario: Scenario = {
  id: 'fetch',
  title: 'createAuthorizedFetch: initiate → authorise → settle',
  adapter: '@adumo-oauth/fetch',
  mockOnly: false,
  run: plainFetch,
};
