import { timeAlternating, timeBlock, type Send } from '../harness/abba';
import { nowMs } from '../harness/stats';
import { configFor, withDriver } from '../harness/with-driver';
import { idealDriver } from '../drivers/ideal';
import type { DriverConfig } from '../drivers/types';
import { startChild } from '../harness/child';
import type { WrapperCost } from '../wrapper-cost-process';
import type { Scenario } from './types';

/** 4. Cost of the authorized fetch over a plain fetch with a fixed header. */
/** The wrappers' own cost with an instant fetch, measured in a child process of its own. */
async function ownCost(config: DriverConfig): Promise<WrapperCost> {
  const child = await startChild('wrapper-cost-process');
  try {
    return (await child.call('measure', config, OWN_COST_OPS, OWN_COST_ROUNDS)) as WrapperCost;
  } finally {
    await child.stop();
  }
}

const OWN_COST_OPS = 20_000;
const OWN_COST_ROUNDS = 11;

export const wrapperOverheadScenario: Scenario = {
  id: 'wrapper',
  title: '4. wrapper overhead',
  description:
    '20,000 sequential API calls through the driver’s fetch versus 20,000 through plain `fetch` ' +
    '(a bare axios instance for axios drivers) with a fixed `Authorization` header (the token ' +
    'fetched once). The two run in alternating ' +
    'blocks of 100 (ABBA) so machine noise hits both; overhead = authorized time / plain time ' +
    '− 1. Drivers without a cache stop after 3 s (fewer calls); the others after 20 s at most. ' +
    'Ours also runs the ideal driver’s fetch in the same blocks (a third side), and reports ' +
    'ours − ideal from that one run; and, in a child process with a fetch that answers at once, ' +
    'each wrapper’s own cost per call (20,000 calls, median of 11 rounds), ours − ideal shown in ' +
    'points of the loopback call (the figure the target judges: free of socket noise).',
  metrics: [
    {
      key: 'overheadPct',
      label: 'overhead vs plain fetch',
      unit: '%',
      better: 'lower',
      decimals: 1,
      compare: 'difference',
      target: { text: '≤ 5%', met: (ours) => ours <= 5 },
    },
    {
      key: 'authorizedUs',
      label: 'authorized call',
      unit: 'µs/call',
      better: 'lower',
      decimals: 0,
    },
    { key: 'plainUs', label: 'plain call', unit: 'µs/call', better: 'lower', decimals: 0 },
    { key: 'calls', label: 'calls each way', unit: 'count', better: 'higher', decimals: 0 },
    {
      key: 'idealSameRunPct',
      label: 'ideal driver in the same blocks, overhead vs plain fetch',
      unit: '%',
      better: 'lower',
      decimals: 1,
      compare: 'difference',
    },
    {
      key: 'ownNs',
      label: 'own cost per call, instant fetch (no socket): ours',
      unit: 'ns',
      better: 'lower',
      decimals: 0,
    },
    {
      key: 'idealOwnNs',
      label: 'own cost per call, instant fetch: the ideal driver',
      unit: 'ns',
      better: 'lower',
      decimals: 0,
    },
    {
      key: 'plainOwnNs',
      label: 'own cost per call, instant fetch: plain fetch with a fixed header',
      unit: 'ns',
      better: 'lower',
      decimals: 0,
    },
    {
      key: 'ownVsIdealPts',
      label: 'ours − ideal own cost, in points of this run’s plain loopback call',
      unit: 'points',
      better: 'lower',
      decimals: 2,
      compare: 'difference',
      target: { text: '≤ 1 point', met: (ours) => ours <= 1 },
    },
    {
      key: 'vsIdealPts',
      label: 'ours − ideal, same blocks',
      unit: 'points',
      better: 'lower',
      decimals: 1,
      compare: 'difference',
    },
  ],
  run: (driver, { startMock, sizes }) =>
    withDriver(driver, startMock, {}, async (instance, mock) => {
      const { calls, blocks, warmupCalls, budgetMs, uncachedBudgetMs } = sizes.wrapper;
      const token = await instance.getToken();
      const transport = instance.plainFetch ?? fetch;
      const plain: Send = (input, init) =>
        transport(input, {
          ...init,
          headers: {
            ...(init.headers as Record<string, string>),
            authorization: `Bearer ${token}`,
          },
        });
      const authorized: Send = instance.fetch;
      // Ours (fetch-based) also runs the ideal driver in the same blocks: two overheads measured
      // in separate runs differ by more than the machine's noise, the same blocks do not.
      const ideal =
        driver.kind === 'ours' && instance.plainFetch === undefined
          ? idealDriver.create(configFor(mock))
          : undefined;
      try {
        const own = ideal === undefined ? undefined : await ownCost(configFor(mock));
        const sides = ideal === undefined ? [authorized, plain] : [authorized, plain, ideal.fetch];
        for (const side of sides) await timeBlock(side, mock.baseUrl, warmupCalls);
        const perBlock = Math.max(1, Math.floor(calls / blocks));
        const deadline = nowMs() + (driver.caches ? budgetMs : uncachedBudgetMs);
        const {
          ms: [authorizedMs = Number.NaN, plainMs = Number.NaN, idealMs],
          calls: total,
        } = await timeAlternating(sides, mock.baseUrl, { perBlock, blocks, deadline });
        const overheadPct = (authorizedMs / plainMs - 1) * 100;
        const idealPct = idealMs === undefined ? undefined : (idealMs / plainMs - 1) * 100;
        return {
          overheadPct,
          authorizedUs: (authorizedMs / total) * 1000,
          plainUs: (plainMs / total) * 1000,
          calls: total,
          // NaN: not measured for this driver (shown as n/a).
          idealSameRunPct: idealPct ?? Number.NaN,
          vsIdealPts: idealPct === undefined ? Number.NaN : overheadPct - idealPct,
          ownNs: own?.oursNs ?? Number.NaN,
          idealOwnNs: own?.idealNs ?? Number.NaN,
          plainOwnNs: own?.plainNs ?? Number.NaN,
          ownVsIdealPts:
            own === undefined
              ? Number.NaN
              : ((own.oursNs - own.idealNs) / ((plainMs / total) * 1e6)) * 100,
        };
      } finally {
        await ideal?.close();
      }
    }),
};
