import { Agent, fetch as undiciFetch, request } from 'undici';
import type { FetchLike } from '@adumo-oauth/fetch';
import { TokenManager, adumoInterceptor } from '@adumo-oauth/undici';
import { runCardFlow } from '../support/card-flow';
import { startOtherOrigin } from '../support/http';
import { latency } from '../support/stats';
import { summariseToken } from '../support/token-info';
import type { Target } from '../target';
import {
  adumoOnlyCheck,
  cardFlowReport,
  check,
  type Scenario,
  type ScenarioOutcome,
} from './types';

/**
 * Scenario 9 — the undici interceptor. One line, `new Agent().compose(adumoInterceptor(tokens))`,
 * and code that knows nothing about tokens is authorized: a card payment (initiate → authorise →
 * settle) through undici's `fetch` and a ping through `undici.request`, both on that dispatcher
 * (as the global dispatcher, every plain `fetch` would be). The same dispatcher's calls to another
 * origin go out untouched.
 */
export async function undiciInterceptor(target: Target): Promise<ScenarioOutcome> {
  const tokens = new TokenManager({
    baseUrl: target.baseUrl,
    clientId: target.clientId,
    clientSecret: target.clientSecret,
  });
  const dispatcher = new Agent().compose(adumoInterceptor(tokens));
  // Plain fetch calls, as a generated client or an SDK would make them: no token in sight.
  const plainFetch = ((path: string, init?: RequestInit) =>
    undiciFetch(`${target.baseUrl}${path}`, { ...init, dispatcher } as never)) as FetchLike;
  const other = await startOtherOrigin(); // any other service the app calls
  try {
    const started = performance.now();
    const payment = await runCardFlow(plainFetch, 'undici-order-1');
    const took = performance.now() - started;
    const ping = await request(`${target.baseUrl}/products/ping`, { dispatcher });
    await ping.body.dump();
    for (const call of [
      () => request(`${other.url}/status`, { dispatcher }).then((r) => r.body.dump()),
      () => undiciFetch(`${other.url}/status`, { dispatcher }).then((r) => r.body?.cancel()),
    ]) {
      await call();
    }
    const requests = tokens.stats().requests;
    const flow = cardFlowReport(target, payment, [ping.statusCode]);
    return {
      summary:
        `${flow.summary} through fetch; ` +
        `undici.request HTTP ${ping.statusCode}; ${other.seen.requests} calls to another origin`,
      calls: flow.calls,
      successes: flow.successes,
      tokenRequests: requests,
      token: summariseToken(await tokens.getToken()),
      latencyMs: latency([took]),
      metrics: {
        otherOriginRequests: other.seen.requests,
        otherOriginWithToken: other.seen.withAuthorization,
      },
      checks: [
        ...flow.checks,
        check(
          'one token request for fetch and undici.request',
          requests === 1,
          `${requests} token request(s) for ${flow.calls} calls`,
        ),
        adumoOnlyCheck(other.seen, 2),
      ],
    };
  } finally {
    await dispatcher.close();
    await other.close();
    await tokens.close();
  }
}

/** Scenario 9 as run by the demo. */
export const undiciInterceptorScenario: Scenario = {
  id: 'undici',
  title: 'adumoInterceptor: fetch and undici.request on one dispatcher',
  adapter: '@adumo-oauth/undici',
  mockOnly: false,
  run: undiciInterceptor,
};
