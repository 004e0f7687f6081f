import { AdumoOAuthError, isAdumoOAuthError } from './errors';

/**
 * The one owner of "try again? when?": whether a failure may succeed on another attempt (one
 * classifier, aborts and closes excluded here once) and how long to wait first (one backoff: full
 * jitter, cap, `Retry-After` floor), for the attempt loop, the cooldown, the store skip, the
 * credentials lookup and Redis's reconnects.
 */

/** Failures of one attempt that are not an HTTP answer. */
export type FailureKind = 'network' | 'timeout' | 'truncated' | 'too-large' | 'invalid';

/** An HTTP answer, classified by its status. */
export interface Answer {
  readonly status: number;
}

/** The kinds worth another attempt: connection trouble is, a bad body is not. */
const RETRYABLE_KINDS: ReadonlySet<string> = new Set<FailureKind>([
  'network',
  'timeout',
  'truncated',
]);

/**
 * An abort (a caller's signal) or a close (the manager's): it ends the wait, is never retried,
 * and is never answered with a stale token.
 */
export function isAbortOrClose(error: unknown): error is AdumoOAuthError {
  return isAdumoOAuthError(error) && (error.code === 'aborted' || error.code === 'closed');
}

/**
 * The one classifier: whether another attempt may succeed after `failure`, which is either
 * - a {@link FailureKind}: `network`, `timeout` and `truncated` are retryable;
 * - an {@link Answer}: 408, 429 and 5xx except 501 and 505 are retryable;
 * - an error thrown by an attempt: one of ours classified so when it was made, and never an abort
 *   or a close; anything else (a programming error) is not.
 */
export function retryable(failure: unknown): boolean {
  if (typeof failure === 'string') return RETRYABLE_KINDS.has(failure);
  if (isAdumoOAuthError(failure)) return failure.retryable && !isAbortOrClose(failure);
  const status = (failure as Partial<Answer> | null | undefined)?.status;
  return (
    typeof status === 'number' &&
    (status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505))
  );
}

/**
 * The typed error for a failed attempt of `kind`, its `retryable` decided by {@link retryable}:
 * code `network`, `timeout`, or `invalid_response` for a body that was cut, too large or
 * unusable.
 */
export function attemptError(
  kind: FailureKind,
  message: string,
  details: { readonly status?: number | undefined; readonly cause?: unknown } = {},
): AdumoOAuthError {
  const options = { cause: details.cause, retryable: retryable(kind) };
  if (kind === 'network' || kind === 'timeout') return new AdumoOAuthError(kind, message, options);
  const status = details.status;
  return new AdumoOAuthError(
    'invalid_response',
    message,
    status === undefined ? options : { ...options, status },
  );
}

/** How {@link backoff} computes one delay. */
export interface BackoffOptions {
  /** The ceiling of the first delay, ms; it doubles with every attempt. */
  readonly baseMs: number;
  /** The cap of the ceiling, ms. */
  readonly maxMs: number;
  /**
   * The share of the delay drawn at random: `1` full jitter (`[0, ceiling)`), `0.5` half
   * (`[ceiling/2, ceiling)`), `0` none (the ceiling itself).
   */
  readonly jitter: number;
  /** A draw in `[0, 1)` (default `Math.random`; a misbehaving one counts as 0.5). */
  readonly random?: (() => number) | undefined;
  /** At most this, ms, before the `Retry-After` floor (e.g. half a still-valid token's life). */
  readonly limitMs?: number | undefined;
  /** A server's `Retry-After`, ms: a floor, held within the two bounds below. */
  readonly retryAfterMs?: number | undefined;
  /** Floor of an honoured `Retry-After` (`Retry-After: 0` never means "now"); default 0. */
  readonly minRetryAfterMs?: number | undefined;
  /** Cap of an honoured `Retry-After`; default none. */
  readonly maxRetryAfterMs?: number | undefined;
}

/**
 * The one backoff: the delay after failed attempt `attempt` (counting from 1). The ceiling is
 * `min(maxMs, baseMs × 2^(attempt-1))`, of which the `jitter` share is drawn at random, then held
 * under `limitMs`; a `Retry-After` (between `minRetryAfterMs` and `maxRetryAfterMs`) is a floor
 * that neither jitter nor the limit shortens.
 */
export function backoff(attempt: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt - 1, 30));
  const share = Math.min(Math.max(options.jitter, 0), 1);
  const draw = share === 0 ? 1 : unit((options.random ?? Math.random)());
  const jittered = Math.floor(ceiling * (1 - share + share * draw));
  const delay = options.limitMs === undefined ? jittered : Math.min(jittered, options.limitMs);
  const after = options.retryAfterMs;
  if (after === undefined) return delay;
  const floor = Math.min(after, options.maxRetryAfterMs ?? Infinity);
  return Math.max(delay, options.minRetryAfterMs ?? 0, floor);
}

/** A random draw clamped to [0, 1] (0.5 when it is not a finite number). */
function unit(r: number): number {
  return Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5;
}

/**
 * Parse a `Retry-After` header (delay-seconds or an HTTP-date) into ms from `now`; `undefined`
 * when absent or unparsable. Negative values become 0.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Rounds of "take the fleet lock, else wait for its holder" in one acquisition through a store: a
 * wait that timed out (the holder died: its lock has just expired) tries the lock once more, so
 * the survivors elect one new holder instead of all calling the endpoint; then the network.
 */
export const LOCK_ROUNDS = 2;

/** The retry settings of one acquisition (see the `retry` option). */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  /** Floor of an honoured `Retry-After` (`Retry-After: 0` never means "now"). */
  readonly minRetryAfterMs: number;
}

/**
 * The wait before attempt `attempt + 1` of an acquisition after `error`, or `undefined` when there
 * is none: the error is not {@link retryable}, `maxAttempts` is used up, or the wait would end
 * past `deadline`. Full-jitter {@link backoff}; an honoured `Retry-After` is its floor.
 */
export function nextAttempt(
  policy: RetryPolicy,
  attempt: number,
  error: unknown,
  timing: { readonly now: number; readonly deadline: number; readonly random: () => number },
): number | undefined {
  if (!retryable(error) || attempt >= policy.maxAttempts) return undefined;
  const delay = backoff(attempt, {
    baseMs: policy.baseDelayMs,
    maxMs: policy.maxDelayMs,
    jitter: 1,
    random: timing.random,
    retryAfterMs: retryAfterOf(error),
    minRetryAfterMs: policy.minRetryAfterMs,
    maxRetryAfterMs: policy.maxRetryAfterMs,
  });
  return timing.now + delay >= timing.deadline ? undefined : delay;
}

/** The cooldown settings of a refreshing source (see the `cooldown` and `retry` options). */
export interface CooldownPolicy extends RetryPolicy {
  readonly cooldownMinMs: number;
  readonly cooldownMaxMs: number;
  readonly random: () => number;
}

/**
 * The cooldown after `failures` failed refreshes in a row (no new refresh for this long, ms):
 * `cooldownMinMs` doubling to `cooldownMaxMs`, 50–100 % jitter; with a valid token left for
 * `staleForMs`, at most half of that (never under 100 ms) so the next try comes before it
 * expires; never shorter than the error's honoured `Retry-After`.
 */
export function cooldownMs(
  policy: CooldownPolicy,
  failures: number,
  error: unknown,
  staleForMs: number | undefined,
): number {
  return backoff(failures, {
    baseMs: policy.cooldownMinMs,
    maxMs: policy.cooldownMaxMs,
    jitter: 0.5,
    random: policy.random,
    limitMs: staleForMs === undefined ? undefined : Math.max(100, staleForMs / 2),
    retryAfterMs: retryAfterOf(error),
    minRetryAfterMs: policy.minRetryAfterMs,
    maxRetryAfterMs: policy.maxRetryAfterMs,
  });
}

/**
 * How long a store is skipped after `failures` failed calls in a row, ms: 1 s doubling up to
 * 30 s, no jitter (a stalled store costs one timeout, not one per call).
 */
export function storeSkipMs(failures: number): number {
  return backoff(failures, { baseMs: 1_000, maxMs: 30_000, jitter: 0 });
}

/** The `Retry-After` an error carries, ms (a `TokenEndpointError`'s), if any. */
function retryAfterOf(error: unknown): number | undefined {
  const ms = (error as { retryAfterMs?: unknown } | null | undefined)?.retryAfterMs;
  return typeof ms === 'number' ? ms : undefined;
}

/**
 * A source's failures, which a pool keeps beyond eviction (see `retire` and `recall`): failed
 * acquisitions in a row, the `error` callers without a token get, no refresh before `coolUntil`.
 */
export interface PastFailure {
  readonly failures: number;
  readonly error: unknown;
  readonly coolUntil: number;
}
