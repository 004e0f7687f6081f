/**
 * Micro-benchmark of the core's cache hit, next to the floor it can be compared with:
 * `pnpm --filter @adumo-oauth/bench micro` (after a build). In-process, no network after the first
 * token; prints ns/op, the median of rounds. A benchmark, not a test: figures depend on the machine.
 */
import { TokenManager } from '@adumo-oauth/core';
import { DEFAULT_CLIENT, startMockAdumo } from '@adumo-oauth/mock-server';
import { collectGarbage, median, nowNs } from './harness/stats';

const ROUNDS = 15;
const OPS = 1_000_000;

type Case = readonly [name: string, run: (ops: number) => Promise<number> | number];

/** ns per op of `run(OPS)`, median of {@link ROUNDS} rounds after one warm-up round. */
async function measure(run: Case[1]): Promise<number> {
  await run(OPS);
  const rounds: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    collectGarbage();
    const start = nowNs();
    await run(OPS);
    rounds.push(Number(nowNs() - start) / OPS);
  }
  return median(rounds);
}

const mock = await startMockAdumo();
const tokens = new TokenManager({
  baseUrl: mock.baseUrl,
  clientId: DEFAULT_CLIENT.clientId,
  clientSecret: DEFAULT_CLIENT.clientSecret,
});
const token = await tokens.getToken();
const key = await tokens.cacheKey();
const map = new Map([[key, token]]);
let sink = 0;

const cases: Case[] = [
  [
    'Map.get (bare lookup, synchronous)',
    (ops) => {
      for (let i = 0; i < ops; i++) sink += map.get(key) === token ? 1 : 0;
      return sink;
    },
  ],
  [
    'await of a Map.get in an async function (the floor for any Promise API)',
    async (ops) => {
      // eslint-disable-next-line @typescript-eslint/require-await -- the async wrapper is the point
      const get = async () => map.get(key);
      for (let i = 0; i < ops; i++) sink += (await get()) === token ? 1 : 0;
      return sink;
    },
  ],
  [
    'TokenManager.peek() (synchronous cache read)',
    (ops) => {
      for (let i = 0; i < ops; i++) sink += tokens.peek() === token ? 1 : 0;
      return sink;
    },
  ],
  [
    'await TokenManager.getToken() (cache hit)',
    async (ops) => {
      for (let i = 0; i < ops; i++) sink += (await tokens.getToken()) === token ? 1 : 0;
      return sink;
    },
  ],
];

console.log(
  `# core cache hit, Node ${process.version}, ${OPS.toLocaleString('en')} ops × ${ROUNDS} rounds`,
);
for (const [name, run] of cases) {
  console.log(`${(await measure(run)).toFixed(1).padStart(8)} ns/op  ${name}`);
}
const stats = tokens.stats();
await tokens.close();
await mock.close();
if (sink === 0 || stats.requests !== 1) {
  console.error(`unexpected: sink ${sink}, token requests ${stats.requests}`);
  process.exitCode = 1;
}
