/* global process, AbortSignal */
// One "instance" of a multi-merchant fleet: a TokenPool on the built core with its own
// RedisTokenStore connection, driven over IPC by pool-fleet.test.ts. Credentials come from the
// mock's generated merchants. It reports token ids (jti) and client_id claims, never token values.
import { TokenPool } from '@adumo-oauth/core';
import { mockMerchants } from '@adumo-oauth/mock-server';
import { RedisTokenStore } from '@adumo-oauth/redis';

const config = JSON.parse(process.env.FLEET_CHILD_CONFIG ?? '{}');
const store = await RedisTokenStore.fromUrl(config.redisUrl, {
  prefix: config.prefix,
  commandTimeoutMs: config.commandTimeoutMs,
  pollIntervalMs: config.pollIntervalMs,
});
const vault = new Map(mockMerchants(config.merchants).map((m) => [m.merchantId, m]));
let credentialLookups = 0;
const pool = new TokenPool({
  baseUrl: config.baseUrl,
  credentials: (merchantId) => (credentialLookups++, vault.get(merchantId)),
  maxMerchants: config.merchants,
  store,
  lockTtlMs: config.lockTtlMs,
});

/**
 * Every merchant id in `order`, `callsPerMerchant` getToken() calls each, with at most
 * `concurrency` merchants in flight (bounded: each call ends by `deadlineMs`).
 */
async function merchants({ order, callsPerMerchant, concurrency, deadlineMs }) {
  const seen = [];
  const errors = new Set();
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < order.length) {
      const merchantId = order[next++];
      const results = await Promise.allSettled(
        Array.from({ length: callsPerMerchant }, () =>
          pool.getToken(merchantId, { signal: AbortSignal.timeout(deadlineMs) }),
        ),
      );
      for (const result of results) {
        if (result.status === 'fulfilled') {
          const { jti, claims } = result.value;
          seen.push([merchantId, claims?.client_id ?? null, jti]);
        } else {
          failed++;
          errors.add(String(result.reason?.code ?? result.reason?.name));
        }
      }
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ok: seen.length, failed, errors: [...errors], seen, elapsedMs: Date.now() - started };
}

/** Drop one merchant from memory and ask again: the token comes from Redis or, if refused, Adumo. */
async function refetch({ merchantId, deadlineMs }) {
  await pool.forget(merchantId);
  const token = await pool.getToken(merchantId, { signal: AbortSignal.timeout(deadlineMs) });
  return {
    ok: 1,
    failed: 0,
    errors: [],
    seen: [[merchantId, token.claims?.client_id ?? null, token.jti]],
  };
}

const COMMANDS = { merchants, refetch };

process.on('message', (message) => {
  const run = COMMANDS[message.type];
  if (!run) return;
  run(message).then(
    (result) =>
      process.send({
        type: 'result',
        id: message.id,
        result: { ...result, stats: pool.stats(), credentialLookups },
      }),
    (error) =>
      process.send({ type: 'result', id: message.id, error: String(error?.code ?? error?.name) }),
  );
});
process.on('disconnect', () => {
  void pool
    .close()
    .then(() => store.close())
    .finally(() => process.exit(0));
});

await store.get('fleet-warmup').catch(() => undefined);
process.send({ type: 'ready', pid: process.pid });
