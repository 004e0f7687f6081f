import { adumoDriver } from '../drivers/adumo';
import type { Child } from '../harness/child';
import { runPhase } from '../harness/phase';
import type {
  IsolationResult,
  LookupResult,
  Mode,
  ScanResult,
  SpreadHitResult,
} from '../harness/failure-bench';
import type { MockHandle } from '../harness/mock';
import { FULL_SIZES, type Sizes } from './sizes';
import type { MetricSpec, MetricValues, Scenario } from './types';

type FailureSizes = Sizes['merchantsFailure'];
const MODES: readonly Mode[] = ['today', 'after'];
const F = FULL_SIZES.merchantsFailure;
const n = (x: number): string => x.toLocaleString('en-US');

const progress = (line: string): void =>
  void process.stderr.write(`[bench] 12. merchants under failure: ${line}\n`);

/** Why rows of the last run are missing. */
const notes: string[] = [];

/** One phase in a fresh worker process: see {@link runPhase}. */
function phase(
  name: string,
  keys: readonly string[],
  s: FailureSizes,
  body: (worker: Child) => Promise<Record<string, number>>,
): Promise<Record<string, number>> {
  return runPhase({ progress, notes }, name, keys, s.phaseBudgetMs, 1, ([worker]) => body(worker!));
}

const atMost = (limit: number, text: string): MetricSpec['target'] => ({
  text,
  met: (ours) => ours <= limit,
});

/** A row measured both ways: `today…` and `after…`, the target judged on `after` only. */
function pair(
  key: string,
  label: string,
  unit: string,
  decimals: number,
  target?: MetricSpec['target'],
): MetricSpec[] {
  return MODES.map((mode) => ({
    key: `${mode}${key}`,
    label: `${mode}: ${label}`,
    unit,
    better: 'lower',
    decimals,
    ...(mode === 'after' && target !== undefined ? { target } : {}),
  }));
}

const LOADED = `${n(F.failing)} failing merchants`;

/** Every row, in table order. */
export const METRICS: readonly MetricSpec[] = [
  ...pair('IsoUnloadedP50', 'healthy forceRefresh p50, unloaded', 'ms', 1),
  ...pair('IsoUnloadedP99', 'healthy forceRefresh p99, unloaded', 'ms', 1),
  ...pair('IsoLoadedP50', `healthy forceRefresh p50, ${LOADED} called`, 'ms', 1),
  ...pair('IsoLoadedP99', `healthy forceRefresh p99, ${LOADED} called`, 'ms', 1),
  ...pair('IsoRatio', 'healthy p99 loaded ÷ unloaded', '×', 2, atMost(2, '≤ 2')),
  ...pair('CeilRate', `${LOADED}: token requests/s, whole ${F.windowMs / 1000} s`, 'req/s', 0),
  ...pair(
    'CeilSteadyRate',
    `${LOADED}: token requests/s after the first ${F.steadyFromMs / 1000} s`,
    'req/s',
    0,
    atMost(100, '≤ 100 (20 % of 500)'),
  ),
  ...pair('CeilCalls', `${LOADED}: calls made by the load loops`, 'count', 0),
  ...pair(
    'ScanExtra',
    `scan of ${F.scanFactor} × ${n(F.maxMerchants)} one-time ids: extra token requests, ${F.regular} regular merchants`,
    'count',
    0,
    atMost(0, '0'),
  ),
  ...pair('ScanCalls', 'scan: calls of the regular merchants', 'count', 0),
  ...pair('ScanMs', 'scan: time the one-time ids took', 'ms', 0),
  ...pair(
    'LookupPeak',
    `${n(F.lookups)} ids, ${F.lookupDelayMs} ms resolver: peak resolver calls in flight`,
    'count',
    0,
    { text: '= 16', met: (ours) => ours === 16 },
  ),
  ...pair('LookupMs', `${n(F.lookups)} ids: time until all resolved`, 'ms', 0),
  ...pair('ColdS', `cold start ${n(F.cold)} × 1 call: time until all resolved`, 's', 1),
  ...pair('ColdRequests', 'cold start: token requests', 'count', 0, {
    text: `= ${n(F.cold)}`,
    met: (ours) => ours === F.cold,
  }),
  ...pair('ColdFailed', 'cold start: failed calls', 'count', 0, atMost(0, '0')),
  {
    key: 'hitPoolNs',
    label: `after: pool.getToken(id) hit, ${n(F.hitSpread)} merchants in turn`,
    unit: 'ns/op',
    better: 'lower',
    decimals: 0,
  },
  {
    key: 'hitMapNs',
    label: `floor: bare Map lookup (awaited), same ${n(F.hitSpread)} ids in the same order`,
    unit: 'ns/op',
    better: 'lower',
    decimals: 0,
  },
  {
    key: 'hitManagerNs',
    label: 'one TokenManager.getToken() hit, same rounds',
    unit: 'ns/op',
    better: 'lower',
    decimals: 0,
  },
  {
    key: 'hitVsMap',
    label: `after: pool (${n(F.hitSpread)} in turn) ÷ Map floor`,
    unit: '×',
    better: 'lower',
    decimals: 2,
    target: atMost(1.3, '≤ 1.3'),
  },
  {
    key: 'hitVsManager',
    label: `after: pool (${n(F.hitSpread)} in turn) ÷ one manager`,
    unit: '×',
    better: 'lower',
    decimals: 2,
  },
  {
    key: 'mapVsManager',
    label: 'Map floor ÷ one manager (memory spread, no pool code)',
    unit: '×',
    better: 'lower',
    decimals: 2,
  },
];

const isolationPhase = (mock: MockHandle, s: FailureSizes, mode: Mode) => {
  const keys = ['IsoUnloadedP50', 'IsoUnloadedP99', 'IsoLoadedP50', 'IsoLoadedP99', 'IsoRatio'];
  const more = ['CeilRate', 'CeilSteadyRate', 'CeilCalls'];
  return phase(
    `${mode}: isolation and ceiling`,
    [...keys, ...more].map((k) => `${mode}${k}`),
    s,
    async (w) => {
      const r = (await w.call(
        'isolation',
        mock.baseUrl,
        mode,
        s.failing,
        s.callers,
        s.samples,
        s.windowMs,
        s.steadyFromMs,
        s.callerPauseMs,
      )) as IsolationResult;
      return {
        [`${mode}IsoUnloadedP50`]: r.unloadedP50,
        [`${mode}IsoUnloadedP99`]: r.unloadedP99,
        [`${mode}IsoLoadedP50`]: r.loadedP50,
        [`${mode}IsoLoadedP99`]: r.loadedP99,
        [`${mode}IsoRatio`]: r.loadedP99 / r.unloadedP99,
        [`${mode}CeilRate`]: r.failingRequests / (r.windowMs / 1000),
        [`${mode}CeilSteadyRate`]: r.steadyRequests / (r.steadyMs / 1000),
        [`${mode}CeilCalls`]: r.failingCalls,
      };
    },
  );
};

const scanPhase = (mock: MockHandle, s: FailureSizes, mode: Mode) =>
  phase(
    `${mode}: scan`,
    ['ScanExtra', 'ScanCalls', 'ScanMs'].map((k) => `${mode}${k}`),
    s,
    async (w) => {
      const r = (await w.call(
        'scan',
        mock.baseUrl,
        mode,
        s.maxMerchants,
        s.regular,
        s.scanFactor,
        s.scanPerSecond,
        s.everyMs,
      )) as ScanResult;
      notes.push(`${mode}: scan: ${r.scanned} one-time ids, ${r.evictions} evictions`);
      return {
        [`${mode}ScanExtra`]: r.extraRequests,
        [`${mode}ScanCalls`]: r.regularCalls,
        [`${mode}ScanMs`]: r.scanMs,
      };
    },
  );

const lookupPhase = (mock: MockHandle, s: FailureSizes, mode: Mode) =>
  phase(
    `${mode}: resolver concurrency`,
    ['LookupPeak', 'LookupMs'].map((k) => `${mode}${k}`),
    s,
    async (w) => {
      const r = (await w.call(
        'lookups',
        mock.baseUrl,
        mode,
        s.lookups,
        s.lookupDelayMs,
      )) as LookupResult;
      if (r.failed > 0) notes.push(`${mode}: resolver concurrency: ${r.failed} calls failed`);
      return { [`${mode}LookupPeak`]: r.peakInFlight, [`${mode}LookupMs`]: r.elapsedMs };
    },
  );

const coldPhase = (mock: MockHandle, s: FailureSizes, mode: Mode) =>
  phase(
    `${mode}: cold start`,
    ['ColdS', 'ColdRequests', 'ColdFailed'].map((k) => `${mode}${k}`),
    s,
    async (w) => {
      const r = (await w.call('coldOnce', mock.baseUrl, mode, s.cold)) as {
        elapsedMs: number;
        requests: number;
        failed: number;
      };
      return {
        [`${mode}ColdS`]: r.elapsedMs / 1000,
        [`${mode}ColdRequests`]: r.requests,
        [`${mode}ColdFailed`]: r.failed,
      };
    },
  );

const hitPhase = (mock: MockHandle, s: FailureSizes) =>
  phase(
    'after: cheap hit',
    ['hitPoolNs', 'hitMapNs', 'hitManagerNs', 'hitVsMap', 'hitVsManager', 'mapVsManager'],
    s,
    async (w) => {
      const r = (await w.call(
        'spreadHits',
        mock.baseUrl,
        s.hitSpread,
        s.hitRounds,
        s.hitOps,
      )) as SpreadHitResult;
      return {
        hitPoolNs: r.poolSpreadNs,
        hitMapNs: r.mapFloorNs,
        hitManagerNs: r.managerNs,
        hitVsMap: r.poolSpreadNs / r.mapFloorNs,
        hitVsManager: r.poolSpreadNs / r.managerNs,
        mapVsManager: r.mapFloorNs / r.managerNs,
      };
    },
  );

/** 12. Many merchants under failure, floods and scans: today's behaviour and after, one run. */
export const merchantsFailureScenario: Scenario = {
  id: 'merchants-failure',
  title: '12. merchants under failure (TokenPool, today → after)',
  description:
    'Ours only (`TokenPool`; the other columns: n/a). Every phase runs twice in one run, each ' +
    'time in a fresh child process against the same mock (its own process, accepting its ' +
    'generated merchants): **today** = the pool configured as before issue 21 where an option ' +
    'allows it (`maxRequestsPerSecond: Infinity`, `failingShare: 1`, `maxConcurrentLookups: ' +
    'Infinity`), **after** = the defaults (500 requests/s, failing share 0.2, 16 lookups). ' +
    'Not switchable, so in both: the lanes (healthy, then new, then failing), failure memory ' +
    'beyond eviction, scan-resistant admission (their "today" is the figures in issue 21). ' +
    `Isolation and ceiling: ${n(F.failing)} merchants with a wrong secret (the mock answers ` +
    `401), called in turn by ${F.callers} loops (each pausing ${F.callerPauseMs} ms between calls) for ${F.windowMs / 1000} s; a healthy merchant’s ` +
    `\`getToken({ forceRefresh: true })\` timed ${F.samples} times before the load and ` +
    `${F.samples} times during it; the failing merchants’ token requests (\`request\` events) ` +
    `per second over the window and after its first ${F.steadyFromMs / 1000} s (their first ` +
    'requests wait in the new lane, paced with the failing share while new merchants get no ' +
    'token; with today’s options the failing share is the whole, unbounded rate). Scan: `maxMerchants: ' +
    `${n(F.maxMerchants)}\`, ${F.regular} regular merchants called every ` +
    `${F.everyMs / 1000} s (3 rounds first), while ${F.scanFactor} × ${n(F.maxMerchants)} ` +
    `one-time valid ids are called, ${F.scanPerSecond} a second: the regular merchants’ token ` +
    `requests beyond their first. Resolver: ${n(F.lookups)} distinct ids at once, a resolver ` +
    `answering after ${F.lookupDelayMs} ms: peak calls in flight. Cold start: ${n(F.cold)} ` +
    'merchants × 1 call at once. Cheap hit (after only): `pool.getToken(id)` cycling over ' +
    `${n(F.hitSpread)} cached merchants, against the floor (an awaited \`async\` lookup of the ` +
    'same tokens in a bare `Map`, same ids, same order) and one `TokenManager.getToken()`: ' +
    `${F.hitRounds} interleaved rounds of ${n(F.hitOps)} calls, medians. Each phase stops ` +
    `after ${F.phaseBudgetMs / 1000} s (n/a rows and a note). Smoke runs use tiny sizes.`,
  metrics: METRICS,
  timeoutMs: ({ sizes }) => sizes.merchantsFailure.phaseBudgetMs * 9 + 60_000,
  note: () => (notes.length > 0 ? notes.join('; ') : undefined),
  run: async (driver, { startMock, sizes }): Promise<MetricValues> => {
    if (driver.name !== adumoDriver.name)
      return Object.fromEntries(METRICS.map((m) => [m.key, Number.NaN]));
    notes.length = 0;
    const s = sizes.merchantsFailure;
    const mock = await startMock({
      merchants: Math.max(
        s.failing + 1,
        s.regular + s.scanFactor * s.maxMerchants,
        s.lookups,
        s.cold,
        s.hitSpread,
      ),
    });
    try {
      const rows: Record<string, number> = {};
      for (const mode of MODES) Object.assign(rows, await isolationPhase(mock, s, mode));
      for (const mode of MODES) Object.assign(rows, await scanPhase(mock, s, mode));
      for (const mode of MODES) Object.assign(rows, await lookupPhase(mock, s, mode));
      for (const mode of MODES) Object.assign(rows, await coldPhase(mock, s, mode));
      Object.assign(rows, await hitPhase(mock, s));
      return rows;
    } finally {
      await mock.close();
    }
  },
};
