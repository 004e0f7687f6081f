import { startChild, type Child } from '../harness/child';
import { configFor } from '../harness/with-driver';
import type { Scenario } from './types';

/** 7. Several processes starting cold at once, sharing Redis when the driver can. */
export const fleetScenario: Scenario = {
  id: 'fleet',
  title: '7. fleet (Redis)',
  description:
    '4 processes of the same app start cold at once and each makes 100 concurrent `getToken()` ' +
    'calls. Drivers that can share a cache use the bench’s own redis-server (ours: ' +
    '`RedisTokenStore`); the others have only their per-process cache. Token requests the mock ' +
    'received for the whole fleet.',
  metrics: [
    {
      key: 'tokenRequests',
      label: 'token requests, whole fleet',
      unit: 'count',
      better: 'lower',
      decimals: 0,
      target: { text: '1 (one per fleet)', met: (ours) => ours === 1 },
    },
    { key: 'failed', label: 'failed calls', unit: 'count', better: 'lower', decimals: 0 },
  ],
  skipReason: ({ redis, redisMissing }) =>
    redis === undefined ? (redisMissing ?? 'no redis-server') : undefined,
  run: async (driver, { startMock, sizes, redis }) => {
    const { processes, callsPerProcess } = sizes.fleet;
    await redis?.flush();
    const mock = await startMock({});
    const workers: Child[] = [];
    try {
      for (let i = 0; i < processes; i++) workers.push(await startChild('fleet-worker'));
      const config = configFor(mock, redis?.url);
      await Promise.all(workers.map((w) => w.call('init', driver.name, config)));
      await mock.resetCounts();
      const failed = (await Promise.all(
        workers.map((w) => w.call('go', callsPerProcess)),
      )) as number[];
      const counts = await mock.counts();
      await Promise.all(workers.map((w) => w.call('close')));
      return { tokenRequests: counts.tokenRequests, failed: failed.reduce((a, b) => a + b, 0) };
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await mock.close();
    }
  },
};
