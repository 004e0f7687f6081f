import { TokenManager, TokenPool } from '@adumo-oauth/core';
import { DEFAULT_CLIENT, mockMerchants } from '@adumo-oauth/mock-server';
import { adumoDriver } from '../drivers/adumo';
import {
  BIG_DESCRIPTION_BYTES,
  startRefusingEndpoint,
  type RefusingEndpoint,
} from '../harness/refusing-endpoint';
import { collectGarbage, nowMs } from '../harness/stats';
import { FULL_SIZES, type Sizes } from './sizes';
import type { MetricSpec, MetricValues, Scenario } from './types';

type FailureSizes = Sizes['failureCost'];
/** One call of a side (ours or the floor); `i` picks the merchant in the pool row. */
type Call = (i: number) => Promise<void>;

/** Every call makes exactly one token request: no retry, no cooldown answered from memory. */
const ONE_REQUEST_PER_CALL = {
  retry: { maxAttempts: 1 },
  cooldown: { minMs: 0, maxMs: 0 },
} as const;

/** CPU of this process (user + system) while `count` calls run one after another, ms. */
async function cpuOf(call: Call, from: number, count: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = from; i < from + count; i++) await call(i);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

interface Measured {
  /** CPU per call, ms. */
  readonly oursMs: number;
  /** CPU per call of each floor, in the order given, ms. */
  readonly floorsMs: readonly number[];
  /** Calls measured each way. */
  readonly calls: number;
}

/**
 * `warmup` calls each way, GC, then `calls` each way in `s.blocks` alternating blocks (ABBA: ours
 * then the floors, then the floors in reverse then ours, so machine noise hits every side),
 * stopping after an even number of blocks once `s.budgetMs` is spent. The endpoint must have
 * received exactly one request per call.
 */
async function measure(
  endpoint: RefusingEndpoint,
  what: string,
  ours: Call,
  floors: readonly Call[],
  calls: number,
  warmup: number,
  s: FailureSizes,
): Promise<Measured> {
  const sides = [ours, ...floors];
  const requestsBefore = await endpoint.requests();
  for (let i = 0; i < warmup; i++) for (const side of sides) await side(i);
  collectGarbage();
  const perBlock = Math.max(1, Math.floor(calls / s.blocks));
  const deadline = nowMs() + s.budgetMs;
  const cpuMs = sides.map(() => 0);
  let done = 0;
  for (let block = 0; block < s.blocks; block++) {
    if (block % 2 === 0 && block > 0 && nowMs() > deadline) break;
    const order = sides.map((_, k) => k);
    if (block % 2 === 1) order.reverse();
    for (const k of order)
      cpuMs[k] = (cpuMs[k] ?? 0) + (await cpuOf(sides[k] as Call, warmup + done, perBlock));
    done += perBlock;
  }
  const requests = (await endpoint.requests()) - requestsBefore;
  const expected = sides.length * (warmup + done);
  if (requests !== expected)
    throw new Error(`${what}: the endpoint received ${requests} requests, expected ${expected}`);
  const [oursMs = Number.NaN, ...floorsMs] = cpuMs.map((total) => total / done);
  return { oursMs, floorsMs, calls: done };
}

/** Resolve when `promise` rejects with the endpoint's 401 refusal; throw on anything else. */
async function refused(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name?: unknown; status?: unknown } | undefined;
    if (e?.name === 'TokenEndpointError' && e.status === 401) return;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new Error(`expected a 401 TokenEndpointError, got ${text.slice(0, 300)}`);
  }
  throw new Error('a refused call resolved a token');
}

/**
 * A floor: the same request with a plain `fetch` (query-string credentials), the body read as
 * text; with `firstBytes`, only that much of it (decoded as it comes), the rest cancelled.
 */
function plainRequest(
  baseUrl: string,
  clientId: string,
  clientSecret: string,
  firstBytes?: number,
): () => Promise<void> {
  const query = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  const url = `${baseUrl}/oauth/token?${query.toString()}`;
  return async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { Accept: 'application/json' },
      redirect: 'manual',
    });
    if (firstBytes === undefined || res.body === null) await res.text();
    else {
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let size = 0;
      let text = '';
      while (size < firstBytes) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        text += decoder.decode(value, { stream: true });
      }
      if (size >= firstBytes) await reader.cancel();
      if (text === '') throw new Error('plain fetch: an empty body');
    }
    if (res.status !== 401) throw new Error(`plain fetch: expected 401, got ${res.status}`);
  };
}

/** How much of an error body the core reads since commit 253fc79 (64 KiB); floor 2 of the big row. */
const ERROR_BODY_READ = 64 * 1024;

/**
 * One `TokenManager` refused on every call, against the plain request; for the big body also
 * against a plain request that reads only the first 64 KiB.
 */
async function managerRow(
  endpoint: RefusingEndpoint,
  path: 'normal' | 'big',
  calls: number,
  s: FailureSizes,
): Promise<Measured> {
  const baseUrl = `${endpoint.origin}/${path}`;
  const { clientId, clientSecret } = DEFAULT_CLIENT;
  const tokens = new TokenManager({ baseUrl, clientId, clientSecret, ...ONE_REQUEST_PER_CALL });
  const floors = [plainRequest(baseUrl, clientId, clientSecret)];
  if (path === 'big') floors.push(plainRequest(baseUrl, clientId, clientSecret, ERROR_BODY_READ));
  try {
    return await measure(
      endpoint,
      path,
      () => refused(tokens.getToken()),
      floors,
      calls,
      s.warmup,
      s,
    );
  } finally {
    await tokens.close();
  }
}

/** A `TokenPool` whose merchants are all refused, called in turn, against the plain requests. */
async function poolRow(endpoint: RefusingEndpoint, s: FailureSizes): Promise<Measured> {
  const baseUrl = `${endpoint.origin}/normal`;
  const merchants = mockMerchants(s.merchants);
  const byId = new Map(merchants.map((m) => [m.merchantId, m]));
  const pool = new TokenPool({
    baseUrl,
    credentials: (merchantId) => byId.get(merchantId),
    ...ONE_REQUEST_PER_CALL,
  });
  const ids = merchants.map((m) => m.merchantId);
  const plain = merchants.map((m) => plainRequest(baseUrl, m.clientId, m.clientSecret));
  const n = merchants.length;
  try {
    return await measure(
      endpoint,
      'pool',
      (i) => refused(pool.getToken(ids[i % n] as string)),
      [(i) => (plain[i % n] as () => Promise<void>)()],
      s.pool,
      n, // one round of every merchant first: each has its manager before anything is measured
      s,
    );
  } finally {
    await pool.close();
  }
}

const ms = (key: string, label: string, target?: MetricSpec['target']): MetricSpec => ({
  key,
  label,
  unit: 'ms',
  better: 'lower',
  decimals: 3,
  target,
});

const BIG_KIB = BIG_DESCRIPTION_BYTES / 1024;
const MERCHANTS = FULL_SIZES.failureCost.merchants;
const BIG = `401, ${BIG_KIB} KiB description`;

/** Ours − floor (judged), ours, the floor, calls each way. */
const rowsOf = (prefix: string, what: string, target: MetricSpec['target']): MetricSpec[] => [
  ms(`${prefix}LibraryMs`, `${what}: library CPU per refusal (ours − floor)`, target),
  ms(`${prefix}OursMs`, `${what}: ours, CPU per call`),
  ms(`${prefix}FloorMs`, `${what}: floor (plain fetch + body), CPU per call`),
  {
    key: `${prefix}Calls`,
    label: `${what}: calls each way`,
    unit: 'count',
    better: 'higher',
    decimals: 0,
  },
];

const METRICS: readonly MetricSpec[] = [
  ...rowsOf('normal', '401 invalid_client', { text: '< 1', met: (ours) => ours < 1 }),
  ...rowsOf('big', BIG, { text: '≤ 5', met: (ours) => ours <= 5 }),
  ms('bigFloor64Ms', `${BIG}: floor 2 (plain fetch, first 64 KiB read), CPU per call`),
  ms('bigLibrary64Ms', `${BIG}: ours − floor 2`),
  ...rowsOf('pool', `TokenPool, ${MERCHANTS} merchants in turn`, {
    text: '< 1',
    met: (ours) => ours < 1,
  }),
];

const valuesOf = (prefix: string, { oursMs, floorsMs, calls }: Measured): MetricValues => {
  const [floorMs = Number.NaN, floor64Ms] = floorsMs;
  return {
    [`${prefix}LibraryMs`]: oursMs - floorMs,
    [`${prefix}OursMs`]: oursMs,
    [`${prefix}FloorMs`]: floorMs,
    [`${prefix}Calls`]: calls,
    ...(floor64Ms === undefined
      ? {}
      : { [`${prefix}Floor64Ms`]: floor64Ms, [`${prefix}Library64Ms`]: oursMs - floor64Ms }),
  };
};

/** 11. CPU the library spends per refused token answer (ours only). */
export const failureCostScenario: Scenario = {
  id: 'failure-cost',
  title: '11. failure cost',
  description:
    'Ours only (the other columns: n/a). CPU of the bench process (`process.cpuUsage()`, user + ' +
    'system) per refused token answer, while the token endpoint, a small node:http server that ' +
    'refuses every request with a 401, runs in a child process of its own (its CPU is not ' +
    'counted). Each call makes exactly one request (`retry: { maxAttempts: 1 }`, `cooldown: { ' +
    'minMs: 0, maxMs: 0 }`; the endpoint’s request count is checked). Floor: the same request ' +
    'with a plain `fetch`, the body read as text, in alternating blocks with ours (ABBA, 10 ' +
    'blocks, after a warm-up); the library’s own CPU = ours − floor. Rows: one `TokenManager` ' +
    'refused with Spring’s `{"error":"invalid_client","error_description":"Bad client ' +
    `credentials"}\` (500 calls each way); the same with a ${BIG_KIB} KiB \`error_description\` ` +
    '(under the 1 MiB body cap; 50 calls), also against floor 2, a plain `fetch` that reads ' +
    'only the first 64 KiB and cancels the rest (what the core reads of an error answer); a ' +
    `\`TokenPool\` of ${MERCHANTS} merchants, all refused, called in turn after one warm-up ` +
    'round (500 calls). Each row stops after 60 s. Smoke runs use tiny sizes.',
  metrics: METRICS,
  timeoutMs: ({ sizes }) => 3 * sizes.failureCost.budgetMs + 60_000,
  run: async (driver, { sizes }): Promise<MetricValues> => {
    if (driver.name !== adumoDriver.name)
      return Object.fromEntries(METRICS.map((m) => [m.key, Number.NaN]));
    const s = sizes.failureCost;
    const endpoint = await startRefusingEndpoint();
    try {
      return {
        ...valuesOf('normal', await managerRow(endpoint, 'normal', s.normal, s)),
        ...valuesOf('big', await managerRow(endpoint, 'big', s.big, s)),
        ...valuesOf('pool', await poolRow(endpoint, s)),
      };
    } finally {
      await endpoint.stop();
    }
  },
};
