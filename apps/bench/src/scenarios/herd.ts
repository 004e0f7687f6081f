import { settleWithin } from '../harness/settle';
import { nowMs } from '../harness/stats';
import { withDriver } from '../harness/with-driver';
import type { Scenario } from './types';

/** 2. Many concurrent callers on a cold cache with a slow token endpoint. */
export const herdScenario: Scenario = {
  id: 'herd',
  title: '2. thundering herd',
  description:
    '1,000 concurrent `getToken()` calls on a cold client while the token endpoint takes 50 ms: ' +
    'token requests the mock received, time until every call settled, and calls that failed.',
  metrics: [
    {
      key: 'tokenRequests',
      label: 'token requests',
      unit: 'count',
      better: 'lower',
      decimals: 0,
      target: { text: 'exactly 1', met: (ours) => ours === 1 },
    },
    {
      key: 'allSettledMs',
      label: 'time until all resolve',
      unit: 'ms',
      better: 'lower',
      decimals: 0,
    },
    { key: 'failed', label: 'failed calls', unit: 'count', better: 'lower', decimals: 0 },
  ],
  run: (driver, { startMock, sizes }) =>
    withDriver(driver, startMock, {}, async (instance, mock) => {
      const { concurrency, latencyMs, timeoutMs } = sizes.herd;
      await mock.tokenLatency(latencyMs);
      await mock.resetCounts();
      const startedAt = nowMs();
      const calls = Array.from({ length: concurrency }, () => instance.getToken());
      const outcome = await settleWithin(calls, timeoutMs, startedAt);
      const counts = await mock.counts();
      return {
        tokenRequests: counts.tokenRequests,
        allSettledMs: outcome.elapsedMs,
        failed: outcome.rejected + outcome.pending,
      };
    }),
};
