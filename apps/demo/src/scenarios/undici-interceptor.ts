import { Agent, fetch as undiciFetch, request } from 'undici';
import type { FetchLike } from '@adumo-oauth/fetch';
import { TokenManager, adumoInterceptor } from '@adumo-oauth/undici';
import { runCardFlow } from '../support/card-flow';
import { startOtherOrigin } from '../support/http';
import { latency } from '../support/stats';
import { summariseToken } from '../support/token-info';
import type { Target } from '../target';
import { check, type Scenario, type ScenarioOutcome } from './types';

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
    const statuses = [...payment.statuses, ping.statusCode];
    const authorised = statuses.every((s) => s !== 401 && s !== 403);
    return {
      summary:
        `transaction ${payment.transactionId ?? '(none)'}: ` +
        `${payment.states.join(' → ') || 'no state'} (HTTP ${payment.statuses.join(', ')}) through fetch; ` +
        `undici.request HTTP ${ping.statusCode}; ${other.seen.requests} calls to another origin`,
      calls: statuses.length,
      successes: statuses.filter((s) => s >= 200 && s < 300).length,
      tokenRequests: requests,
      token: summariseToken(await tokens.getToken()),
      latencyMs: latency([took]),
      metrics: {
        otherOriginRequests: other.seen.requests,
        otherOriginWithToken: other.seen.withAuthorization,
      },
      checks: [
        check('token accepted by the API', authorised, `HTTP ${statuses.join(', ')}`),
        ...(target.kind === 'mock'
          ? [
              check(
                'payment settled',
                payment.ok && payment.states.at(-1) === 'SETTLED',
                payment.states.join(' → '),
              ),
            ]
          : []),
        check(
          'one token request for fetch and undici.request',
          requests === 1,
          `${requests} token request(s) for ${statuses.length} calls`,
        ),
        check(
          'the token went to Adumo only',
          other.seen.requests === 2 && other.seen.withAuthorization === 0,
          `another origin got ${other.seen.requests} requests, ${other.seen.withAuthorization} with Authorization`,
        ),
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
