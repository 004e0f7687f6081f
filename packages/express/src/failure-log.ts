import {
  AdumoOAuthError,
  isAdumoOAuthError,
  type Logger,
  type TokenSource,
} from '@adumo-oauth/core';
import { outsideText, tokenProblem } from '@adumo-oauth/core/adapter';

/** Reports one token failure (of `merchantId`'s source with a pool). */
export type FailureLog = (error: unknown, merchantId: string | undefined) => void;

/** Levels tried in turn: the first method the logger has is used. */
const LEVELS = ['warn', 'error', 'log', 'info'] as const;
/** Longest line written (after redaction and escaping). */
const MAX_LINE = 2048;

/**
 * The middleware's token-failure log (`adumoToken({ logger })`; default `console`, `false` for
 * none): one redacted line per failure, `[adumo-oauth] [merchant <id>: ]token request failed
 * (code <code>[, status <status>]): <message>`.
 *
 * Once per failure, not once per request: while the core's cooldown lasts (and for the callers
 * sharing one failed refresh) every caller is rejected with the **same** error instance (a
 * pool's failed credentials lookup too, for as long as it is remembered), and a new failure is a
 * new instance; so a failure is written the first time it is seen (a `WeakSet`, nothing kept
 * alive). Only failures the server is to blame for are written (answered 5xx: token endpoint,
 * network, timeout, store, configuration, credentials resolver): a client that went away or
 * asked for an invalid or unknown merchant is not a token failure, and one per request would let
 * clients flood the log.
 */
export function failureLog(logger: Logger | false | undefined): FailureLog | undefined {
  if (logger === false) return undefined;
  const target: Logger = logger ?? console;
  if (typeof target !== 'object' || target === null)
    throw new AdumoOAuthError(
      'config',
      'adumoToken: logger must be an object with warn/error/log, or false',
    );
  const seen = new WeakSet<object>();
  return (error, merchantId) => {
    if (tokenProblem(error).status < 500) return;
    if (typeof error === 'object' && error !== null) {
      if (seen.has(error)) return;
      seen.add(error);
    }
    write(target, describe(error, merchantId));
  };
}

/**
 * `source` with its `getToken()` failures reported to `log` (then rethrown as they are), for
 * `req.adumo.getToken()`, the eager token and `req.adumo.fetch` alike.
 */
export function logFailures(
  source: TokenSource,
  log: FailureLog | undefined,
  merchantId?: string,
): TokenSource {
  if (log === undefined) return source;
  const report = (error: unknown): never => {
    log(error, merchantId);
    throw error;
  };
  const { baseUrl } = source;
  return {
    ...(baseUrl === undefined ? {} : { baseUrl }),
    getToken: (options) => source.getToken(options).catch(report),
    ...(source.invalidate === undefined
      ? {}
      : { invalidate: (token) => source.invalidate!(token) }),
  };
}

function describe(error: unknown, merchantId: string | undefined): string {
  const e = error as { status?: unknown; message?: unknown } | null | undefined;
  const code = isAdumoOAuthError(error) ? error.code : 'unknown';
  const status = typeof e?.status === 'number' ? `, status ${e.status}` : '';
  const message = typeof e?.message === 'string' ? e.message : typeof error;
  const who = merchantId === undefined ? '' : `merchant ${merchantId}: `;
  // The core's owner of outside text: redacted, control and bidi characters escaped, capped.
  const line = outsideText(`${who}token request failed (code ${code}${status}): ${message}`, {
    max: MAX_LINE,
  });
  return `[adumo-oauth] ${line}`;
}

function write(logger: Logger, line: string): void {
  for (const level of LEVELS) {
    if (typeof logger[level] !== 'function') continue;
    try {
      logger[level](line);
    } catch {
      // a broken logger must not break the request
    }
    return;
  }
}
