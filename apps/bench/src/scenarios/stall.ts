import type { Driver } from '../drivers/types';
import type { MockFactory } from '../harness/mock';
import type { RedisServer } from '../harness/redis-server';
import { nowMs, sleep } from '../harness/stats';
import { configFor } from '../harness/with-driver';
import type { Sizes } from './sizes';
import type { MetricValues, Scenario } from './types';

const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** One timeline: load on one client, new clients starting, Redis frozen for `stallMs` if `stall`. */
async function timeline(
  driver: Driver,
  startMock: MockFactory,
  redis: RedisServer,
  sizes: Sizes['stall'],
  stall: boolean,
): Promise<{
  failed: number;
  calls: number;
  worstCallMs: number;
  worstFirstCallMs: number;
  tokenRequests: number;
  /** New clients whose first call started while Redis was frozen (they cannot read its token). */
  newDuringStall: number;
}> {
  await redis.flush();
  const mock = await startMock({ tokenLifetimeSeconds: sizes.lifetimeSeconds });
  const config = configFor(mock, redis.url);
  const main = driver.create(config);
  let failed = 0;
  let calls = 0;
  let worstCallMs = 0;
  let worstFirstCallMs = 0;
  let stop = false;
  let paused = false;
  let newDuringStall = 0;
  const timed = async (call: () => Promise<string>): Promise<number> => {
    const started = nowMs();
    try {
      await call();
    } catch {
      failed++;
    }
    calls++;
    return nowMs() - started;
  };
  try {
    await main.getToken();
    await mock.resetCounts();
    const caller = async (): Promise<void> => {
      for (let i = 0; i < 1_000_000 && !stop; i++) {
        worstCallMs = Math.max(worstCallMs, await timed(() => main.getToken()));
        await yieldToIo();
      }
    };
    const spawner = async (): Promise<void> => {
      for (let i = 0; i < 1_000 && !stop; i++) {
        const fresh = driver.create(config);
        if (paused) newDuringStall++;
        try {
          worstFirstCallMs = Math.max(worstFirstCallMs, await timed(() => fresh.getToken()));
        } finally {
          await fresh.close();
        }
        await sleep(sizes.newInstanceEveryMs);
      }
    };
    const load = Array.from({ length: sizes.callers }, caller);
    await sleep(sizes.baselineMs);
    if (stall) redis.pause();
    paused = stall;
    const spawning = spawner();
    try {
      await sleep(sizes.stallMs);
    } finally {
      paused = false;
      if (stall) redis.resume();
    }
    await sleep(sizes.afterMs);
    stop = true;
    await Promise.all([...load, spawning]);
    const { tokenRequests } = await mock.counts();
    return { failed, calls, worstCallMs, worstFirstCallMs, tokenRequests, newDuringStall };
  } finally {
    stop = true;
    await main.close();
    await mock.close();
  }
}

/** 9. Redis frozen (SIGSTOP) for 3 s under load, for drivers that share a cache through Redis. */
export const stallScenario: Scenario = {
  id: 'stall',
  title: '9. Redis stall (SIGSTOP 3 s)',
  description:
    'Drivers that share their cache through Redis (ours: `RedisTokenStore`). Tokens live 4 s; 8 ' +
    'caller loops call `getToken()` on one client; 2.5 s after its first token the bench’s ' +
    'redis-server is frozen with SIGSTOP for 3 s (the refresh at 3 s falls inside), while a new ' +
    'client starts every 0.5 s and its first call is timed; 1 s after SIGCONT the load stops. ' +
    'Extra token requests: those of this run minus those of the same timeline without the stall; ' +
    'a new client whose first call falls in the stall cannot read Redis and must make its own, ' +
    'so the target is on the extra requests beyond one per such client. Drivers without a shared ' +
    'cache do not use Redis: n/a.',
  metrics: [
    {
      key: 'failed',
      label: 'failed calls (stall)',
      unit: 'count',
      better: 'lower',
      decimals: 0,
      target: { text: '0', met: (ours) => ours === 0 },
    },
    { key: 'worstCallMs', label: 'worst call (stall)', unit: 'ms', better: 'lower', decimals: 0 },
    {
      key: 'worstFirstCallMs',
      label: 'worst first call of a new client',
      unit: 'ms',
      better: 'lower',
      decimals: 0,
    },
    {
      key: 'extraTokenRequests',
      label: 'extra token requests (stall − no stall)',
      unit: 'count',
      better: 'lower',
      decimals: 0,
    },
    {
      key: 'newDuringStall',
      label: 'new clients started during the stall',
      unit: 'count',
      better: 'lower',
      decimals: 0,
    },
    {
      key: 'extraBeyondNew',
      label: 'extra token requests beyond one per new client',
      unit: 'count',
      better: 'lower',
      decimals: 0,
      target: { text: '≤ 1', met: (ours) => ours <= 1 },
    },
    {
      key: 'tokenRequests',
      label: 'token requests (stall)',
      unit: 'count',
      better: 'lower',
      decimals: 0,
    },
    { key: 'calls', label: 'calls made (stall)', unit: 'count', better: 'higher', decimals: 0 },
  ],
  skipReason: ({ redis, redisMissing }) =>
    redis === undefined ? (redisMissing ?? 'no redis-server') : undefined,
  run: async (driver, { startMock, sizes, redis }): Promise<MetricValues> => {
    if (redis === undefined || driver.sharesCache !== true) {
      const none = Number.NaN;
      return {
        failed: none,
        worstCallMs: none,
        worstFirstCallMs: none,
        extraTokenRequests: none,
        newDuringStall: none,
        extraBeyondNew: none,
        tokenRequests: none,
        calls: none,
      };
    }
    const control = await timeline(driver, startMock, redis, sizes.stall, false);
    const stalled = await timeline(driver, startMock, redis, sizes.stall, true);
    return {
      failed: stalled.failed,
      worstCallMs: stalled.worstCallMs,
      worstFirstCallMs: stalled.worstFirstCallMs,
      extraTokenRequests: stalled.tokenRequests - control.tokenRequests,
      newDuringStall: stalled.newDuringStall,
      extraBeyondNew: stalled.tokenRequests - control.tokenRequests - stalled.newDuringStall,
      tokenRequests: stalled.tokenRequests,
      calls: stalled.calls,
    };
  },
};
