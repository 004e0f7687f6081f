import { isAdumoOAuthError } from '../errors';

/**
 * The one owner of "may another attempt succeed?": every failure of a token request is classified
 * here, and the backoff between attempts is computed here.
 */

/** Failures of one attempt that are not an HTTP status. */
export type FailureKind = 'network' | 'timeout' | 'truncated' | 'too-large' | 'invalid';

/** Whether an HTTP answer with `status` is worth another attempt: 408, 429 and 5xx but 501/505. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** Whether a failure of this kind is worth another attempt (connection trouble is; bad bodies aren't). */
export function retryableFailure(kind: FailureKind): boolean {
  return kind === 'network' || kind === 'timeout' || kind === 'truncated';
}

/** Whether an error thrown by an attempt should be retried (never an abort or a close). */
export function isRetryable(error: unknown): boolean {
  return (
    isAdumoOAuthError(error) &&
    error.retryable &&
    error.code !== 'aborted' &&
    error.code !== 'closed'
  );
}

/** The retry settings. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  /** Floor of an honoured `Retry-After` (`Retry-After: 0` never means "now"). */
  readonly minRetryAfterMs: number;
}

/** A `Retry-After` of `ms`, held between the policy's floor and cap. */
export function honouredRetryAfter(policy: RetryPolicy, ms: number): number {
  return Math.max(policy.minRetryAfterMs, Math.min(ms, policy.maxRetryAfterMs));
}

/**
 * Delay before attempt `attempt + 1` (attempt counts from 1): full jitter,
 * `random × min(maxDelay, base × 2^(attempt-1))`; a `Retry-After` is honoured (between
 * `minRetryAfterMs` and `maxRetryAfterMs`) and never shortened by jitter.
 */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  if (retryAfterMs !== undefined) return honouredRetryAfter(policy, retryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.floor(ceiling * unit(random()));
}

/** A random draw clamped to [0, 1] (0.5 when the source misbehaves). */
export function unit(r: number): number {
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
