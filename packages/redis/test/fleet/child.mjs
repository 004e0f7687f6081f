/* global process, AbortSignal, setTimeout */
// One "instance" of a fleet: a TokenManager on the built core with a RedisTokenStore on the built
// package, driven over IPC by fleet.test.ts. It reports token ids (jti), never token values.
import { TokenManager } from '@adumo-oauth/core';
import { RedisTokenStore } from '@adumo-oauth/redis';

const config = JSON.parse(process.env.FLEET_CHILD_CONFIG ?? '{}');
const store = await RedisTokenStore.fromUrl(config.redisUrl, {
  prefix: config.prefix,
  commandTimeoutMs: config.commandTimeoutMs,
  pollIntervalMs: config.pollIntervalMs,
});
const managers = new Map();
let storeErrors = 0;

/** The store as one client's manager sees it, telling the parent when this instance takes the lock. */
function reportingStore(clientId) {
  return {
    get: (key) => store.get(key),
    set: (key, token) => store.set(key, token),
    delete: (key, value) => store.delete(key, value),
    waitForToken: (key, options) => store.waitForToken(key, options),
    lock: async (key, ttlMs) => {
      const lock = await store.lock(key, ttlMs);
      if (lock) process.send({ type: 'locked', clientId });
      return lock;
    },
  };
}

function manager(client) {
  let tokens = managers.get(client.clientId);
  if (!tokens) {
    tokens = new TokenManager({
      baseUrl: config.baseUrl,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      store: reportingStore(client.clientId),
      lockTtlMs: config.lockTtlMs,
      refreshWindow: config.refreshWindow,
      mustRefreshWindow: config.mustRefreshWindow,
    });
    tokens.on?.('storeError', () => storeErrors++);
    managers.set(client.clientId, tokens);
  }
  return tokens;
}

function record(seen, token) {
  seen.set(token.jti, [token.issuedAt, token.expiresAt]);
}

/** `calls` concurrent getToken() calls, each bounded by `deadlineMs`. */
async function burst({ client, calls, deadlineMs }) {
  const tokens = manager(client);
  const seen = new Map();
  const results = await Promise.allSettled(
    Array.from({ length: calls }, () =>
      tokens.getToken({ signal: AbortSignal.timeout(deadlineMs) }),
    ),
  );
  let failed = 0;
  const errors = new Set();
  for (const result of results) {
    if (result.status === 'fulfilled') record(seen, result.value);
    else {
      failed++;
      errors.add(String(result.reason?.code ?? result.reason?.name));
    }
  }
  return { ok: calls - failed, failed, errors: [...errors], tokens: [...seen] };
}

/**
 * `workers` loops of getToken() + a short pause, for `durationMs` (and at most `maxCalls` each), then
 * `settleMs` for a refresh still in flight. Reports every token handed out or fetched by this instance.
 */
async function load({ client, workers, durationMs, pauseMs, maxCalls, deadlineMs, settleMs = 0 }) {
  const tokens = manager(client);
  const seen = new Map();
  const errors = new Set();
  let ok = 0;
  let failed = 0;
  const end = Date.now() + durationMs;
  const worker = async () => {
    for (let i = 0; i < maxCalls && Date.now() < end; i++) {
      try {
        record(seen, await tokens.getToken({ signal: AbortSignal.timeout(deadlineMs) }));
        ok++;
      } catch (error) {
        failed++;
        errors.add(String(error?.code ?? error?.name));
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  // Tokens this instance fetched itself, including background refreshes nobody was handed yet.
  const off = tokens.on('token', (event) => {
    if (event.source === 'network') record(seen, event.token);
  });
  await Promise.all(Array.from({ length: workers }, worker));
  // A refresh started by the last calls may still be in flight: let it land before reporting.
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  off();
  return { ok, failed, errors: [...errors], tokens: [...seen] };
}

/** Wait (bounded: 100 × 50 ms) until this instance's store answers again, e.g. after a restart. */
async function probe() {
  for (let i = 0; i < 100; i++) {
    if (
      await store.get('fleet-probe').then(
        () => true,
        () => false,
      )
    ) {
      return { ok: 1, failed: 0, errors: [], tokens: [] };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { ok: 0, failed: 1, errors: ['store'], tokens: [] };
}

const COMMANDS = { burst, load, probe };

process.on('message', (message) => {
  const run = COMMANDS[message.type];
  if (!run) return;
  run(message).then(
    (result) =>
      process.send({ type: 'result', id: message.id, result: { ...result, storeErrors } }),
    (error) => process.send({ type: 'result', id: message.id, error: String(error?.message) }),
  );
});
process.on('disconnect', () => {
  void store.close().finally(() => process.exit(0));
});

await store.get('fleet-warmup').catch(() => undefined);
process.send({ type: 'ready', pid: process.pid });
