import { startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFleet, type ChildResult, type FleetChild, type FleetClient } from './helpers/fleet';
import { describeWithRedis } from './helpers/redis-suite';
import type { TestRedis } from './helpers/redis-server';

const FLEET_SIZE = 8;
const CALLS_PER_CHILD = 200;
const LOCK_TTL_MS = 4_000;
const LIFETIME_S = 3;
const LOAD_MS = 8_000;
/** The windows every child uses, so the test knows when each token became due. */
const WINDOWS = { refreshRatio: 0.25, refreshMaxMs: 3_600_000, mustRatio: 0.1, mustMaxMs: 30_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await describeWithRedis(
  `a fleet of ${FLEET_SIZE} Node processes sharing one RedisTokenStore`,
  (redis: TestRedis) => {
    let mock: MockAdumo;
    let fleet: FleetChild[] = [];
    const lockTakers: { child: FleetChild; clientId: string }[] = [];

    /** A fresh client id, so every test starts on a cold cache key. */
    function client(clientId: string, tokenLifetimeSeconds?: number): FleetClient {
      const clientSecret = `secret-of-${clientId}`;
      mock.clients.add({ clientId, clientSecret, tokenLifetimeSeconds });
      return { clientId, clientSecret };
    }
    const issued = (c: FleetClient): number =>
      mock.stats.snapshot().tokenRequestsByClient[c.clientId]?.issued ?? 0;
    const requests = (c: FleetClient): number =>
      Object.values(mock.stats.snapshot().tokenRequestsByClient[c.clientId] ?? {}).reduce(
        (a, b) => a + b,
        0,
      );
    const jtis = (results: readonly ChildResult[]): Set<string> =>
      new Set(results.flatMap((r) => r.tokens.map(([jti]) => jti)));
    const sum = (results: readonly ChildResult[], field: 'ok' | 'failed' | 'storeErrors'): number =>
      results.reduce((total, r) => total + r[field], 0);

    beforeAll(async () => {
      mock = await startMockAdumo();
      fleet = await startFleet(
        FLEET_SIZE,
        {
          baseUrl: mock.baseUrl,
          redisUrl: redis.url,
          prefix: 'fleet:',
          lockTtlMs: LOCK_TTL_MS,
          commandTimeoutMs: 5_000,
          pollIntervalMs: 100,
          refreshWindow: { ratio: WINDOWS.refreshRatio, maxMs: WINDOWS.refreshMaxMs },
          mustRefreshWindow: { ratio: WINDOWS.mustRatio, maxMs: WINDOWS.mustMaxMs },
        },
        (child, clientId) => lockTakers.push({ child, clientId }),
      );
    }, 30_000);
    afterAll(async () => {
      await Promise.all(fleet.map((child) => child.stop()));
      await mock?.close();
      await redis.close();
    }, 15_000);

    it(`cold cache: ${FLEET_SIZE} × ${CALLS_PER_CHILD} concurrent getToken() → exactly 1 token request`, async () => {
      const c = client('fleet-cold');
      const results = await Promise.all(
        fleet.map((child) =>
          child.run(
            { type: 'burst', client: c, calls: CALLS_PER_CHILD, deadlineMs: 15_000 },
            25_000,
          ),
        ),
      );
      console.info(
        `[fleet] cold start: ${sum(results, 'ok')} calls, ${requests(c)} token request(s)`,
      );
      expect(sum(results, 'ok')).toBe(FLEET_SIZE * CALLS_PER_CHILD);
      expect(sum(results, 'failed')).toBe(0);
      expect(requests(c)).toBe(1);
      expect(jtis(results).size).toBe(1);
      expect(sum(results, 'storeErrors')).toBe(0);
    }, 30_000);

    it(
      `a ${LIFETIME_S} s token lifetime crossed under load → one token request per refresh for the whole fleet`,
      async () => {
        const c = client('fleet-short', LIFETIME_S);
        const results = await Promise.all(
          fleet.map((child) =>
            child.run(
              {
                type: 'load',
                client: c,
                workers: 10,
                durationMs: LOAD_MS,
                pauseMs: 20,
                maxCalls: 2_000,
                deadlineMs: 10_000,
                settleMs: 1_500,
              },
              LOAD_MS + 15_000,
            ),
          ),
        );
        const tokens = [...new Map(results.flatMap((r) => r.tokens)).values()].sort(
          (a, b) => a[0] - b[0],
        );
        // When each token became due: its successor must not have been requested before that.
        const dueAt = tokens.map(
          // The default refresh window, as the core computes it (see the core README).
          ([issuedAt, expiresAt]) =>
            expiresAt -
            Math.min((expiresAt - issuedAt) * WINDOWS.refreshRatio, WINDOWS.refreshMaxMs),
        );
        const early = tokens.slice(1).map(([issuedAt], i) => dueAt[i]! - issuedAt);
        console.info(
          `[fleet] ${LIFETIME_S} s tokens under load for ${LOAD_MS} ms: ${sum(results, 'ok')} calls, ` +
            `${requests(c)} token requests for ${FLEET_SIZE} instances, ${tokens.length} distinct tokens, ` +
            `requested every ${tokens
              .slice(1)
              .map(([at], i) => at - tokens[i]![0])
              .join('/')} ms`,
        );
        expect(sum(results, 'failed')).toBe(0);
        expect(sum(results, 'storeErrors')).toBe(0);
        // Every token request is accounted for by a token some instance fetched (or was handed) ...
        expect(requests(c)).toBe(tokens.length);
        expect(issued(c)).toBe(tokens.length);
        // ... and no token was requested before its predecessor entered its refresh window, so
        // the fleet made exactly one request per refresh (a duplicate would be early).
        expect(early.filter((ms) => ms > 0)).toEqual([]);
        // A token lives 2–3 s (the JWT exp is whole seconds) and is refreshed after 75 % of it.
        expect(requests(c)).toBeGreaterThanOrEqual(1 + Math.floor(LOAD_MS / (LIFETIME_S * 1000)));
        expect(requests(c)).toBeLessThanOrEqual(
          2 + Math.ceil(LOAD_MS / (0.75 * (LIFETIME_S - 1) * 1000)),
        );
      },
      LOAD_MS + 20_000,
    );

    it('Redis stopped mid-run → every call keeps succeeding', async () => {
      const c = client('fleet-redis-down', LIFETIME_S);
      const running = Promise.all(
        fleet.map((child) =>
          child.run(
            {
              type: 'load',
              client: c,
              workers: 5,
              durationMs: 6_000,
              pauseMs: 10,
              maxCalls: 2_000,
              deadlineMs: 10_000,
            },
            25_000,
          ),
        ),
      );
      for (let i = 0; i < 100 && issued(c) === 0; i++) await sleep(50);
      await sleep(1_000);
      const beforeStop = requests(c);
      await redis.stop();
      const results = await running;
      await redis.start();
      console.info(
        `[fleet] Redis stopped mid-run: ${sum(results, 'ok')} calls ok, ${sum(results, 'failed')} failed, ` +
          `${beforeStop} token request(s) before the stop, ${requests(c)} in all, ${sum(results, 'storeErrors')} store errors seen`,
      );
      expect(beforeStop).toBeGreaterThanOrEqual(1);
      expect(sum(results, 'failed')).toBe(0);
      expect(sum(results, 'ok')).toBeGreaterThan(0);
      // The refreshes after the stop really ran without Redis.
      expect(sum(results, 'storeErrors')).toBeGreaterThan(0);
      expect(requests(c)).toBeGreaterThan(beforeStop);
    }, 30_000);

    it('the lock holder SIGKILLed mid-refresh → the others get a token within the lock TTL', async () => {
      const probes = await Promise.all(fleet.map((child) => child.run({ type: 'probe' }, 10_000)));
      expect(sum(probes, 'ok')).toBe(fleet.length);
      const c = client('fleet-kill');
      // Counted on arrival (per-client counts only appear once answered, and the holder never is).
      const before = mock.stats.tokenRequests;
      const requested = (): number => mock.stats.tokenRequests - before;
      mock.faults.latency(LOCK_TTL_MS * 8);
      const runs = fleet.map((child) =>
        child
          .run(
            { type: 'burst', client: c, calls: CALLS_PER_CHILD, deadlineMs: LOCK_TTL_MS + 5_000 },
            25_000,
          )
          .then(
            (result) => ({ child, result }),
            (error: Error) => ({ child, error }),
          ),
      );
      const takers = (): FleetChild[] =>
        lockTakers.filter((t) => t.clientId === c.clientId).map((t) => t.child);
      for (let i = 0; i < 200 && (takers().length === 0 || requested() === 0); i++) await sleep(25);
      expect(takers()).toHaveLength(1);
      expect(requested()).toBe(1);
      const victim = takers()[0]!;
      await victim.kill();
      mock.faults.clear();
      const outcomes = await Promise.all(runs);
      const survivors = outcomes.filter((o) => o.child !== victim);
      const results = survivors.map((o) => ('result' in o ? o.result : undefined));
      console.info(
        `[fleet] holder killed: ${survivors.length} survivors, ${sum(
          results.filter((r) => r !== undefined),
          'ok',
        )} calls ok, ` + `${requested()} token requests in all (1 lost with the holder)`,
      );
      expect(outcomes.find((o) => o.child === victim)).toHaveProperty('error');
      expect(results.every((r) => r !== undefined)).toBe(true);
      expect(sum(results as ChildResult[], 'ok')).toBe((FLEET_SIZE - 1) * CALLS_PER_CHILD);
      // The lost request, then one: the survivors elect a new holder when the dead one's lock expires.
      expect(requested()).toBe(2);
      fleet = fleet.filter((child) => child !== victim);
    }, 30_000);
  },
  { ownServer: true },
);
