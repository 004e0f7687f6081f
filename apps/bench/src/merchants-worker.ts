/**
 * Child-process entry for the many-merchants scenario: each measurement runs here, in a process
 * of its own (started with `--expose-gc`), never in the mock's. Driven over IPC by
 * `scenarios/merchants.ts`; the fleet ops make it one instance of a fleet sharing Redis.
 */
import { IOREDIS_STORE_OPTIONS, RedisTokenStore } from '@adumo-oauth/redis';
import { Redis } from 'ioredis';
import { serveIpc } from './harness/ipc';
import {
  fleetInstance,
  measureColdStart,
  measureHits,
  measureMemory,
} from './harness/merchant-bench';
import {
  measureColdOnce,
  measureIsolation,
  measureLookups,
  measureScan,
  measureSpreadHits,
} from './harness/failure-bench';
import { redact } from './harness/redact';

let fleet: { instance: ReturnType<typeof fleetInstance>; store: RedisTokenStore } | undefined;

/** Errors cross the IPC channel as text: redact them here, before they leave the process. */
function safe<A extends unknown[], R>(op: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) =>
    op(...args).catch((error: unknown) => {
      throw new Error(redact(error instanceof Error ? error.message : String(error)));
    });
}

serveIpc({
  memory: safe(measureMemory),
  hits: safe(measureHits),
  coldStart: safe(measureColdStart),
  isolation: safe(measureIsolation),
  scan: safe(measureScan),
  lookups: safe(measureLookups),
  coldOnce: safe(measureColdOnce),
  spreadHits: safe(measureSpreadHits),
  fleetInit: safe((baseUrl: string, redisUrl: string, count: number) => {
    const store = RedisTokenStore.fromIoredis(new Redis(redisUrl, IOREDIS_STORE_OPTIONS), {
      owned: true,
    });
    fleet = { instance: fleetInstance(baseUrl, count, store), store };
    return Promise.resolve();
  }),
  fleetGo: safe(async () => {
    if (fleet === undefined) throw new Error('fleet instance not initialised');
    return fleet.instance.go();
  }),
  fleetClose: safe(async () => {
    await fleet?.instance.close();
    await fleet?.store.close();
    fleet = undefined;
  }),
});
process.on('disconnect', () => process.exit(0));
