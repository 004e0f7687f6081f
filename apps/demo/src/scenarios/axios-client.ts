import axios, { type AxiosInstance } from 'axios';
import { TokenManager, attachAdumoToken, createAdumoAxios } from '@adumo-oauth/axios';
import type { MockAdumo } from '@adumo-oauth/mock-server';
import { axiosCardApi, payByCard } from '../support/card-flow';
import { startOtherOrigin } from '../support/http';
import { countMock } from '../support/mock-counters';
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

const INITIATE = '/products/payments/v1/card/initiate';

/**
 * Scenario 2 — axios. `createAdumoAxios(tokens)` gives a new instance whose `baseURL` is the
 * Adumo host and whose requests to it carry the token: a card payment (initiate → authorise →
 * settle) on relative paths. The app's own shared instance gets the token with
 * `attachAdumoToken(instance, tokens)`. Requests through either instance to another origin go out
 * without it. Against the mock, every token is then revoked: the next call's 401 costs one fresh
 * token and one resend, and the caller sees 200.
 */
export async function axiosClient(target: Target): Promise<ScenarioOutcome> {
  const tokens = new TokenManager({
    baseUrl: target.baseUrl,
    clientId: target.clientId,
    clientSecret: target.clientSecret,
  });
  const adumo = createAdumoAxios(tokens, { timeout: 10_000 }); // baseURL: the Adumo host
  const shared = axios.create({ timeout: 10_000 }); // stands for the app's own instance
  const detach = attachAdumoToken(shared, tokens); // its Adumo requests now carry the token
  const other = await startOtherOrigin(); // any other service the app calls
  try {
    const started = performance.now();
    const payment = await payByCard(
      axiosCardApi((path, body) => adumo.post(path, body)),
      'axios-order-1',
    );
    const took = performance.now() - started;
    const viaShared = await axiosCardApi((path, body) =>
      shared.post(`${target.baseUrl}${path}`, body),
    )(INITIATE, { amount: 100, merchantReference: 'axios-shared-1', currencyCode: 'ZAR' });
    await adumo.get(`${other.url}/status`); // another origin: no token attached, none requested
    await shared.get(`${other.url}/status`);
    const requests = tokens.stats().requests;
    const resend =
      target.mock && (await afterRevocation(target.mock, target.clientId, adumo, tokens));
    const more = resend === undefined ? [viaShared.status] : [viaShared.status, resend.status];
    const flow = cardFlowReport(target, payment, more, {
      ok: viaShared.status === 200,
      detail: `; shared instance HTTP ${viaShared.status}`,
    });
    return {
      summary:
        `${flow.summary} on relative paths; ` +
        `shared instance HTTP ${viaShared.status}; ${other.seen.requests} calls to another origin` +
        (resend === undefined ? '' : `; revoked token: 401 → resent → HTTP ${resend.status}`),
      calls: flow.calls,
      successes: flow.successes,
      tokenRequests: tokens.stats().requests,
      token: summariseToken(await tokens.getToken()),
      latencyMs: latency([took]),
      metrics: {
        otherOriginRequests: other.seen.requests,
        otherOriginWithToken: other.seen.withAuthorization,
        ...(resend === undefined
          ? {}
          : {
              rejectedWithRevokedToken: resend.rejected,
              freshTokens: resend.issued,
              apiCallsAfterRevocation: resend.apiCalls,
            }),
      },
      checks: [
        ...flow.checks,
        check(
          'one token request for both instances',
          requests === 1,
          `${requests} token request(s) for ${payment.statuses.length + 1} calls`,
        ),
        adumoOnlyCheck(other.seen, 2),
        ...(resend === undefined
          ? []
          : [
              check(
                '401 → one fresh token → one resend',
                resend.status === 200 &&
                  resend.rejected === 1 &&
                  resend.issued === 1 &&
                  resend.apiCalls === 2 &&
                  resend.newToken,
                `HTTP ${resend.status}; the mock saw ${resend.rejected} × 401, ${resend.issued} token issued, ${resend.apiCalls} API calls`,
              ),
            ]),
      ],
    };
  } finally {
    detach(); // removes the interceptors: the shared instance is as it was
    await other.close();
    await tokens.close();
  }
}

/** What one call after `revokeAll()` did, as the caller and the mock saw it. */
interface Resend {
  readonly status: number;
  readonly rejected: number;
  readonly issued: number;
  readonly apiCalls: number;
  /** The token cached afterwards is not the revoked one. */
  readonly newToken: boolean;
}

/** Revoke every token at the mock, then make one call through `adumo` and count what it cost. */
async function afterRevocation(
  mock: MockAdumo,
  clientId: string,
  adumo: AxiosInstance,
  tokens: TokenManager,
): Promise<Resend> {
  const revoked = await tokens.getToken(); // cached: the token the next call sends
  mock.faults.revokeAll();
  const seen = countMock(mock, clientId);
  const answer = await axiosCardApi((path, body) => adumo.post(path, body))(INITIATE, {
    amount: 100,
    merchantReference: 'axios-after-revocation',
    currencyCode: 'ZAR',
  });
  const saw = seen();
  return {
    status: answer.status,
    rejected: saw.apiCallsByStatus['401'] ?? 0,
    issued: saw.tokenOutcomes['issued'] ?? 0,
    apiCalls: saw.apiCalls,
    newToken: (await tokens.getToken()).jti !== revoked.jti,
  };
}

/** Scenario 2 as run by the demo. */
export const axiosScenario: Scenario = {
  id: 'axios',
  title: 'createAdumoAxios + attachAdumoToken: initiate → authorise → settle',
  adapter: '@adumo-oauth/axios',
  mockOnly: false,
  run: axiosClient,
};
