import { timeAlternating, timeBlock, type Send } from '../harness/abba';
import { nowMs } from '../harness/stats';
import { withDriver } from '../harness/with-driver';
import type { Scenario } from './types';

/** 4. Cost of the authorized fetch over a plain fetch with a fixed header. */
export const wrapperOverheadScenario: Scenario = {
  id: 'wrapper',
  title: '4. wrapper overhead',
  description:
    '5,000 sequential API calls through the driver’s fetch versus 5,000 through plain `fetch` ' +
    '(a bare axios instance for axios drivers) with a fixed `Authorization` header (the token ' +
    'fetched once). The two run in alternating ' +
    'blocks of 100 (ABBA) so machine noise hits both; overhead = authorized time / plain time ' +
    '− 1. Drivers without a cache stop after 3 s (fewer calls); the others after 15 s at most.',
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
      await timeBlock(authorized, mock.baseUrl, warmupCalls);
      await timeBlock(plain, mock.baseUrl, warmupCalls);
      const perBlock = Math.max(1, Math.floor(calls / blocks));
      const deadline = nowMs() + (driver.caches ? budgetMs : uncachedBudgetMs);
      const {
        ms: [authorizedMs = Number.NaN, plainMs = Number.NaN],
        calls: total,
      } = await timeAlternating([authorized, plain], mock.baseUrl, { perBlock, blocks, deadline });
      return {
        overheadPct: (authorizedMs / plainMs - 1) * 100,
        authorizedUs: (authorizedMs / total) * 1000,
        plainUs: (plainMs / total) * 1000,
        calls: total,
      };
    }),
};
