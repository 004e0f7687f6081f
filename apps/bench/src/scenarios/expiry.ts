import { callApi } from '../harness/api';
import { countStatus, max, nowMs, percentile } from '../harness/stats';
import { withDriver } from '../harness/with-driver';
import type { Scenario } from './types';

/** 3. Sequential API calls across several token expiries. */
export const expiryScenario: Scenario = {
  id: 'expiry',
  title: '3. expiry crossing',
  description:
    'Tokens live 2 s; after one warm-up token, sequential API calls go through the driver’s fetch ' +
    'for 7 s. API 401s are requests the mock received with an expired token (a library that ' +
    'retries a 401 still sent one); failed calls are those the caller saw fail; latency is per ' +
    'call, including any wait for a token.',
  metrics: [
    {
      key: 'api401',
      label: 'API 401s',
      unit: 'count',
      better: 'lower',
      decimals: 0,
      target: { text: '0', met: (ours) => ours === 0 },
    },
    { key: 'failed', label: 'failed calls', unit: 'count', better: 'lower', decimals: 0 },
    { key: 'tokenRequests', label: 'token requests', unit: 'count', better: 'lower', decimals: 0 },
    { key: 'calls', label: 'calls made', unit: 'count', better: 'higher', decimals: 0 },
    { key: 'p50', label: 'latency p50', unit: 'ms', better: 'lower', decimals: 2 },
    { key: 'p99', label: 'latency p99', unit: 'ms', better: 'lower', decimals: 2 },
    { key: 'max', label: 'latency max', unit: 'ms', better: 'lower', decimals: 2 },
    {
      key: 'maxOverP50',
      label: 'max / p50',
      unit: '×',
      better: 'lower',
      decimals: 1,
      target: { text: '≤ 2', met: (ours) => ours <= 2 },
    },
  ],
  run: (driver, { startMock, sizes }) =>
    withDriver(
      driver,
      startMock,
      { tokenLifetimeSeconds: sizes.expiry.lifetimeSeconds },
      async (instance, mock) => {
        await instance.getToken();
        await mock.resetCounts();
        const latencies: number[] = [];
        let failed = 0;
        const end = nowMs() + sizes.expiry.durationMs;
        while (nowMs() < end) {
          const startedAt = nowMs();
          const status = await callApi(instance.fetch, mock.baseUrl);
          latencies.push(nowMs() - startedAt);
          if (status < 200 || status > 299) failed++;
        }
        const counts = await mock.counts();
        const p50 = percentile(latencies, 50);
        return {
          api401: countStatus(counts.apiCallsByStatus, 401),
          failed,
          tokenRequests: counts.tokenRequests,
          calls: latencies.length,
          p50,
          p99: percentile(latencies, 99),
          max: max(latencies),
          maxOverP50: max(latencies) / p50,
        };
      },
    ),
};
