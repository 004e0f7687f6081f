import type { TokenPoolStats } from '@adumo-oauth/core';
import { startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { POOL_CHILD, startFleet, type FleetChild } from './helpers/fleet';
import { describeWithRedis } from './helpers/redis-suite';
import type { TestRedis } from './helpers/redis-server';

const FLEET_SIZE = 4;
const MERCHANTS = 1_000;
const CALLS_PER_MERCHANT = 2;
const CONCURRENCY = 25;
const PREFIX = 'poolfleet:';
/** `poolfleet:token:<client id>:<hash>`: one value key per merchant (the lock keys end in `:lock`). */
const VALUE_KEY = /^poolfleet:token:(merchant-\d+):[0-9a-f]{32}$/;

/** What a pool child reports: [merchantId, client_id claim, jti] per token it was handed. */
interface PoolChildResult {
  readonly ok: number;
  readonly failed: number;
  readonly errors: readonly string[];
  readonly seen: readonly (readonly [string, string | null, string])[];
  readonly stats: TokenPoolStats;
  readonly credentialLookups: number;
  /** How long the run took in the child (reported, never asserted). */
  readonly elapsedMs: number;
}

const ids = Array.from({ length: MERCHANTS }, (_, i) => `merchant-${i + 1}`);
/** Child k walks the merchants from a slightly different place, so they ask for the same ones at once. */
const orderFor = (k: number): string[] => [...ids.slice(k * 3), ...ids.slice(0, k * 3)];

await describeWithRedis(
  `${FLEET_SIZE} Node processes, each a TokenPool with its own RedisTokenStore, ${MERCHANTS} merchants`,
  (redis: TestRedis) => {
    let mock: MockAdumo;
    let fleet: FleetChild[] = [];
    let raw: Redis;

    beforeAll(async () => {
      mock = await startMockAdumo({ clients: [], merchants: { count: MERCHANTS } });
      raw = new Redis(redis.url, { maxRetriesPerRequest: 1 });
      raw.on('error', () => undefined);
      fleet = await startFleet(
        FLEET_SIZE,
        {
          baseUrl: mock.baseUrl,
          redisUrl: redis.url,
          prefix: PREFIX,
          merchants: MERCHANTS,
          lockTtlMs: 15_000,
          commandTimeoutMs: 5_000,
          pollIntervalMs: 100,
        },
        () => undefined,
        20_000,
        POOL_CHILD,
      );
    }, 30_000);
    afterAll(async () => {
      await Promise.all(fleet.map((child) => child.stop()));
      raw?.disconnect();
      await mock?.close();
      await redis.close();
    }, 15_000);

    /** Every value key in Redis by merchant, and any other key left behind (e.g. a lock). */
    async function redisKeys(): Promise<{ values: Map<string, string>; others: string[] }> {
      const values = new Map<string, string>();
      const others: string[] = [];
      let cursor = '0';
      for (let i = 0; i < 10_000; i++) {
        const [next, keys] = await raw.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 500);
        for (const key of keys) {
          const merchant = VALUE_KEY.exec(key)?.[1];
          if (merchant === undefined || values.has(merchant)) others.push(key);
          else values.set(merchant, key);
        }
        cursor = next;
        if (cursor === '0') break;
      }
      return { values, others };
    }

    it(`${FLEET_SIZE} × ${MERCHANTS} merchants, interleaved and concurrent → exactly ${MERCHANTS} token requests for the fleet`, async () => {
      const results = await Promise.all(
        fleet.map((child, k) =>
          child.run<PoolChildResult>(
            {
              type: 'merchants',
              order: orderFor(k),
              callsPerMerchant: CALLS_PER_MERCHANT,
              concurrency: CONCURRENCY,
              deadlineMs: 45_000,
            },
            60_000,
          ),
        ),
      );
      const snapshot = mock.stats.snapshot();
      const requests = results.reduce((n, r) => n + r.stats.requests, 0);
      const storeHits = results.reduce((n, r) => n + r.stats.storeHits, 0);
      console.info(
        `[pool fleet] ${FLEET_SIZE} processes × ${MERCHANTS} merchants × ${CALLS_PER_MERCHANT} calls: ` +
          `${snapshot.tokenRequests} token requests at the mock, ${storeHits} tokens adopted from Redis, ` +
          `${Math.max(...results.map((r) => r.elapsedMs))} ms`,
      );
      expect(results.map((r) => [r.ok, r.failed, r.errors])).toEqual(
        fleet.map(() => [MERCHANTS * CALLS_PER_MERCHANT, 0, []]),
      );
      // Exactly one token request per merchant for the whole fleet, as the mock counted them.
      expect(snapshot.tokenRequests).toBe(MERCHANTS);
      expect(requests).toBe(MERCHANTS);
      for (const id of ids) expect(snapshot.tokenRequestsByClient[id], id).toEqual({ issued: 1 });
      expect(storeHits).toBeGreaterThan(0);
      expect(results.every((r) => r.stats.storeErrors === 0)).toBe(true);
      expect(results.map((r) => r.credentialLookups)).toEqual(fleet.map(() => MERCHANTS));
      // Every token handed to a caller is its merchant's, and the fleet shares one per merchant.
      const jtis = new Map<string, Set<string>>();
      for (const [merchantId, claim, jti] of results.flatMap((r) => r.seen)) {
        expect(claim, merchantId).toBe(merchantId);
        jtis.set(merchantId, (jtis.get(merchantId) ?? new Set()).add(jti));
      }
      expect(jtis.size).toBe(MERCHANTS);
      expect([...jtis.values()].every((set) => set.size === 1)).toBe(true);
      expect(new Set([...jtis.values()].map((set) => [...set][0])).size).toBe(MERCHANTS);

      // Redis: one key per merchant (no lock left behind), every value sealed by the core.
      const { values, others } = await redisKeys();
      expect(others).toEqual([]);
      expect(values.size).toBe(MERCHANTS);
      expect(new Set(values.values()).size).toBe(MERCHANTS);
      const stored = await raw.mget(...values.values());
      for (const value of stored) {
        const record = JSON.parse(value ?? '{}') as { value?: string };
        expect(record.value).toMatch(/^sealed1\.[\w-]+$/); // base64url: no JWT (dots) inside
        expect(value).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\./);
      }
      expect(new Set(stored).size).toBe(MERCHANTS);
    }, 70_000);

    it('a value copied from merchant A’s key to merchant B’s is refused by B, which fetches its own', async () => {
      const { values } = await redisKeys();
      const keyA = values.get('merchant-1')!;
      const keyB = values.get('merchant-2')!;
      const copied = (await raw.get(keyA))!;
      const ttl = await raw.pttl(keyB);
      expect(ttl).toBeGreaterThan(60_000);
      await raw.set(keyB, copied, 'PX', ttl); // someone with Redis access swaps the values
      const before = mock.stats.snapshot();
      const b = fleet[1]!;
      const first = await b.run<PoolChildResult>(
        { type: 'refetch', merchantId: 'merchant-1', deadlineMs: 10_000 },
        15_000,
      );
      const refused = await b.run<PoolChildResult>(
        { type: 'refetch', merchantId: 'merchant-2', deadlineMs: 10_000 },
        15_000,
      );
      const after = mock.stats.snapshot();
      // Merchant A's own value still serves A (from Redis, no request) ...
      expect(first.seen[0]?.[1]).toBe('merchant-1');
      expect(first.stats.storeHits).toBeGreaterThan(0);
      // ... but under B's key it is refused: B's token is B's, from one new request of B's.
      expect(refused.seen[0]?.[1]).toBe('merchant-2');
      expect(refused.seen[0]?.[2]).not.toBe(first.seen[0]?.[2]);
      expect(refused.stats.storeHits).toBe(first.stats.storeHits);
      expect(refused.stats.requests).toBe(first.stats.requests + 1);
      expect(after.tokenRequests - before.tokenRequests).toBe(1);
      expect(after.tokenRequestsByClient['merchant-2']).toEqual({ issued: 2 });
      // B stored its own sealed token; another instance now adopts that one, not A's.
      const replaced = (await raw.get(keyB))!;
      expect(replaced).not.toBe(copied);
      expect((JSON.parse(replaced) as { value: string }).value).toMatch(/^sealed1\./);
      const other = await fleet[2]!.run<PoolChildResult>(
        { type: 'refetch', merchantId: 'merchant-2', deadlineMs: 10_000 },
        15_000,
      );
      expect(other.seen[0]?.slice(1)).toEqual(refused.seen[0]?.slice(1));
      expect(mock.stats.snapshot().tokenRequests).toBe(after.tokenRequests);
    }, 30_000);
  },
  { ownServer: true },
);
