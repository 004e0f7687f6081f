import { collectGarbage, median, nowMs, nowNs } from '../harness/stats';
import { withDriver } from '../harness/with-driver';
import type { Scenario } from './types';

/** Call `getToken` up to `maxOps` times or until `budgetMs` is spent; ns per call. */
async function timedLoop(
  getToken: () => Promise<string>,
  maxOps: number,
  budgetMs: number,
): Promise<number> {
  const start = nowNs();
  const deadline = start + BigInt(Math.round(budgetMs * 1e6));
  let ops = 0;
  while (ops < maxOps) {
    await getToken();
    ops++;
    if ((ops & 127) === 0 && nowNs() > deadline) break;
  }
  return Number(nowNs() - start) / ops;
}

/** 1. Cache-hit `getToken()` cost. */
export const hotPathScenario: Scenario = {
  id: 'hot-path',
  title: '1. hot path',
  description:
    'Cost of a cache-hit `getToken()` after one warm-up call: ns/op, the median of rounds (each ' +
    'round up to 50,000 sequential awaited calls, capped at 250 ms; GC between rounds). Drivers ' +
    'without a cache make a token request per call, so their figure is a network round trip.',
  metrics: [
    {
      key: 'nsPerOp',
      label: 'getToken() cache hit',
      unit: 'ns/op',
      better: 'lower',
      decimals: 0,
      target: {
        text: '≤ 2× ideal',
        met: (ours, all) => (all['ideal'] === undefined ? undefined : ours <= 2 * all['ideal']),
      },
    },
  ],
  run: (driver, { startMock, sizes }) =>
    withDriver(driver, startMock, {}, async (instance) => {
      const { rounds, opsPerRound, roundBudgetMs, totalBudgetMs } = sizes.hotPath;
      await instance.getToken();
      await timedLoop(() => instance.getToken(), opsPerRound, roundBudgetMs); // warm-up round
      const perRound: number[] = [];
      const deadline = nowMs() + totalBudgetMs;
      for (let round = 0; round < rounds; round++) {
        if (round >= 3 && nowMs() > deadline) break;
        collectGarbage();
        perRound.push(await timedLoop(() => instance.getToken(), opsPerRound, roundBudgetMs));
      }
      return { nsPerOp: median(perRound) };
    }),
};
