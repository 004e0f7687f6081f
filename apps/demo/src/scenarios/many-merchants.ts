import { TokenPool, type MerchantCredentials } from '@adumo-oauth/core';
import { createAuthorizedFetch, type FetchLike } from '@adumo-oauth/fetch';
import type { MockStatsSnapshot } from '@adumo-oauth/mock-server';
import { boundedFetch } from '../support/bounded-fetch';
import { initiateCheckout } from '../support/card-flow';
import { burst } from '../support/load';
import { addMerchants, requireMock } from '../support/mock-target';
import { latency, statusList } from '../support/stats';
import { summariseToken } from '../support/token-info';
import type { Target } from '../target';
import { check, type Scenario, type ScenarioOutcome } from './types';

/** Merchants on the platform, and checkouts per merchant (all started at once, interleaved). */
export const MERCHANTS = 200;
export const CHECKOUTS_PER_MERCHANT = 10;
const PREFIX = 'demo-merchant-';
/** Card API requests on the wire at once (an HTTP agent's socket limit); the rest queue. */
const SOCKETS = 32;

/**
 * Scene 8 — a platform taking payments for {@link MERCHANTS} merchants, each with its own Adumo
 * credentials. One `TokenPool` resolves a merchant's credentials on first use and keeps one token
 * per merchant; `createAuthorizedFetch(pool.source(merchantId))` pays with that merchant's token.
 * 2,000 concurrent checkouts (merchant 1, 2, …, 200, 1, 2, …) → one token request per merchant,
 * and the mock confirms each checkout was authorised with its own merchant's token.
 */
export async function manyMerchants(target: Target): Promise<ScenarioOutcome> {
  const mock = requireMock(target);
  const merchants = addMerchants(target, MERCHANTS, PREFIX);
  // What a platform would load from its database or vault, keyed by merchant id.
  const vault = new Map<string, MerchantCredentials>(merchants.map((m) => [m.merchantId, m]));
  const pool = new TokenPool({
    baseUrl: target.baseUrl,
    credentials: (merchantId) => vault.get(merchantId),
    maxMerchants: 1_000,
    // The embedded mock shares this process's CPU with 2,000 checkouts: on a busy machine a token
    // answer can take longer than the default 10 s per attempt, and a retry would be a 2nd request.
    timeoutMs: 30_000,
  });
  const http = boundedFetch(SOCKETS);
  const fetches = new Map<string, FetchLike>();
  const fetchFor = (merchantId: string): FetchLike => {
    let adumoFetch = fetches.get(merchantId);
    if (adumoFetch === undefined) {
      adumoFetch = createAuthorizedFetch(pool.source(merchantId), { fetch: http });
      fetches.set(merchantId, adumoFetch);
    }
    return adumoFetch;
  };
  const before = mock.stats.snapshot();
  let wrongMerchant = 0;
  try {
    const load = await burst(MERCHANTS * CHECKOUTS_PER_MERCHANT, async (i) => {
      const merchant = merchants[i % MERCHANTS]!;
      const answer = await initiateCheckout(
        fetchFor(merchant.merchantId),
        `${merchant.merchantId}-order-${Math.floor(i / MERCHANTS) + 1}`,
      );
      const own = answer.clientId === merchant.clientId;
      if (!own) wrongMerchant++;
      const ok = answer.status >= 200 && answer.status < 300 && own;
      return { ok, outcome: String(answer.status) };
    });
    const after = mock.stats.snapshot();
    const perMerchant = merchants.map((m) => ({
      requests:
        sum(after.tokenRequestsByClient[m.clientId]) -
        sum(before.tokenRequestsByClient[m.clientId]),
      calls: (after.apiCallsByClient[m.clientId] ?? 0) - (before.apiCallsByClient[m.clientId] ?? 0),
    }));
    const tokenRequests = after.tokenRequests - before.tokenRequests;
    const oneToken = perMerchant.filter((m) => m.requests === 1).length;
    const tenCalls = perMerchant.filter((m) => m.calls === CHECKOUTS_PER_MERCHANT).length;
    const apiCalls = after.apiCalls - before.apiCalls;
    const twoHundred = ok2xx(after, before);
    const stats = pool.stats();
    const failures = load.calls - load.successes;
    return {
      summary:
        `${load.calls} concurrent checkouts over ${MERCHANTS} merchants (${CHECKOUTS_PER_MERCHANT} each, interleaved): ` +
        `${tokenRequests} token requests, each checkout paid with its own merchant's token`,
      calls: load.calls,
      successes: load.successes,
      tokenRequests: stats.requests,
      token: summariseToken(await pool.getToken(merchants[0]!.merchantId)),
      latencyMs: latency(load.latencies),
      metrics: {
        merchants: MERCHANTS,
        tokenRequestsAtMock: tokenRequests,
        apiCalls,
        merchantsWithOneToken: oneToken,
        merchantsWithAllCheckouts: tenCalls,
        wrongMerchantToken: wrongMerchant,
        credentialLookups: stats.credentialLookups,
        merchantsInPool: stats.merchants,
      },
      checks: [
        check(
          'one token request per merchant',
          tokenRequests === MERCHANTS && oneToken === MERCHANTS && stats.requests === MERCHANTS,
          `${tokenRequests} at the mock, ${oneToken}/${MERCHANTS} merchants with exactly 1`,
        ),
        check(
          'every checkout succeeded',
          load.calls === MERCHANTS * CHECKOUTS_PER_MERCHANT && failures === 0,
          `${load.successes}/${load.calls} (${statusList(load.outcomes)})`,
        ),
        check(
          "each checkout authorised with its own merchant's token",
          wrongMerchant === 0 && tenCalls === MERCHANTS,
          `${wrongMerchant} with another merchant's token; ${tenCalls}/${MERCHANTS} merchants with ${CHECKOUTS_PER_MERCHANT} authorised calls at the mock`,
        ),
        check(
          'every API call answered 2xx',
          apiCalls === load.calls && twoHundred === load.calls,
          `${twoHundred}/${apiCalls} API calls 2xx`,
        ),
        check(
          'credentials looked up once per merchant',
          stats.credentialLookups === MERCHANTS && stats.credentialFailures === 0,
          `${stats.credentialLookups} lookups, ${stats.credentialFailures} failed`,
        ),
      ],
    };
  } finally {
    await pool.close();
  }
}

function sum(counts: Readonly<Record<string, number>> | undefined): number {
  return Object.values(counts ?? {}).reduce((a, b) => a + b, 0);
}

/** API answers with a 2xx status between two snapshots. */
function ok2xx(after: MockStatsSnapshot, before: MockStatsSnapshot): number {
  let total = 0;
  for (const [status, n] of Object.entries(after.apiCallsByStatus))
    if (status.startsWith('2')) total += n - (before.apiCallsByStatus[status] ?? 0);
  return total;
}

/** Scene 8 as run by the demo. */
export const manyMerchantsScenario: Scenario = {
  id: 'merchants',
  title: `${MERCHANTS} merchants, ${MERCHANTS * CHECKOUTS_PER_MERCHANT} concurrent checkouts`,
  adapter: '@adumo-oauth/core (TokenPool) + fetch',
  mockOnly: true,
  // 2,000 checkouts take a few seconds; allow for a busy machine.
  timeoutMs: 60_000,
  skipReason: `needs ${MERCHANTS} merchants' credentials, which the embedded mock provides; not run against a real host`,
  run: manyMerchants,
};
