/**
 * Hostile token endpoints (real node:http servers on 127.0.0.1:0) and a manager wired to capture
 * every text it produces: logger lines at every level, events, errors.
 */
import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { expect } from 'vitest';
import { TokenManager, type TokenManagerOptions } from '../../src';
import { CANARY, CLIENT_ID, errorTexts, textsOf, type Produced } from './forms';
import {
  answer,
  startHostile,
  type Handler,
  type Hostile,
} from '../../../../tools/adversarial/src/hostile-http';

export {
  answer,
  rawAnswer,
  startHostile,
  type Handler,
  type Hostile,
  type HostileRequest,
} from '../../../../tools/adversarial/src/hostile-http';

/** A usable opaque token with a recognisable random part. */
export function opaqueToken(tag = 'opq'): { value: string; random: string } {
  const random = Array.from(
    { length: 32 },
    () => 'abcdefghijkmnpqrstuvwxyz23456789'[Math.floor(Math.random() * 32)],
  ).join('');
  return { value: `${tag}.${random}`, random };
}

/** A 200 token answer. */
export function tokenAnswer(res: ServerResponse, value: string, expiresIn: unknown = 3600): void {
  answer(
    res,
    200,
    JSON.stringify({ access_token: value, token_type: 'bearer', expires_in: expiresIn }),
  );
}

/** A manager whose logger (all levels) and events (all four) are captured into `produced`. */
export function capturedManager(
  tokenUrl: string,
  overrides: Partial<TokenManagerOptions> = {},
): { tokens: TokenManager; produced: Produced[]; logged: string[]; events: unknown[] } {
  const produced: Produced[] = [];
  const logged: string[] = [];
  const events: unknown[] = [];
  const log =
    (level: string) =>
    (message: unknown, ...rest: unknown[]): void => {
      const line = `${level} ${String(message)} ${inspect(rest, { showHidden: true, depth: 10 })}`;
      logged.push(line);
      produced.push({ where: `logger.${level}`, text: line });
    };
  const tokens = new TokenManager({
    tokenUrl,
    clientId: CLIENT_ID,
    clientSecret: CANARY,
    clientAuth: 'query',
    retry: { maxAttempts: 1 },
    logger: {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      log: log('log'),
    },
    ...overrides,
  });
  for (const name of ['token', 'refreshError', 'retry', 'storeError'] as const)
    tokens.on(name, (event: unknown) => {
      events.push(event);
      produced.push(...textsOf(`event ${name}`, event));
    });
  return { tokens, produced, logged, events };
}

/** Run `getToken()` and add everything the outcome exposes to `produced`. */
export async function attempt(
  tokens: TokenManager,
  produced: Produced[],
  options: { forceRefresh?: boolean } = {},
): Promise<unknown> {
  try {
    const token = await tokens.getToken(options);
    produced.push(...textsOf('token', token), { where: 'token String()', text: String(token) });
    return token;
  } catch (error) {
    produced.push(...(await errorTexts('error', error)));
    return error;
  } finally {
    produced.push(...textsOf('manager', tokens), ...textsOf('stats', tokens.stats()));
  }
}

/** Events' errors also expose a response: add their full texts. */
export async function eventErrorTexts(events: readonly unknown[]): Promise<Produced[]> {
  const out: Produced[] = [];
  for (const event of events) {
    const error = (event as { error?: unknown }).error;
    if (error !== undefined) out.push(...(await errorTexts('event error', error)));
  }
  return out;
}

/** Run `calls` acquisitions (then forced ones) against `handler` (no cooldown); returns every produced text and what the server saw. */
export async function against(
  servers: Hostile[],
  handler: Handler,
  overrides: Partial<TokenManagerOptions> = {},
  calls = 1,
): Promise<{ produced: Produced[]; seen: (string | undefined)[]; outcome: unknown }> {
  const seen: (string | undefined)[] = [];
  const server = await startHostile((r, res) => {
    seen.push(r.secret);
    return handler(r, res);
  });
  servers.push(server);
  const { tokens, produced, events } = capturedManager(server.tokenUrl, {
    cooldown: { minMs: 0, maxMs: 0 },
    ...overrides,
  });
  let outcome: unknown;
  for (let i = 0; i < calls; i++)
    outcome = await attempt(tokens, produced, { forceRefresh: i > 0 });
  produced.push(...(await eventErrorTexts(events)));
  await tokens.close();
  return { produced, seen, outcome };
}

/** The attack must have reached the client (server saw the secret) and failed with our error. */
export function expectAttacked(
  r: { seen: (string | undefined)[]; outcome: unknown },
  code = 'token_endpoint',
): void {
  expect(r.seen[0]).toBe(CANARY);
  expect((r.outcome as { code?: unknown }).code).toBe(code);
}
