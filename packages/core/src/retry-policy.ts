import { isAdumoOAuthError } from './errors';

/** The retry settings used by {@link retryDelay}. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
}

/** Whether an acquisition error may succeed on another attempt (5xx, 429, timeouts, network). */
export function isRetryable(error: unknown): boolean {
  return isAdumoOAuthError(error) && error.retryable && error.code !== 'aborted';
}

/**
 * Delay before attempt `attempt + 1` (attempt counts from 1): full jitter,
 * `random × min(maxDelay, base × 2^(attempt-1))`; a `Retry-After` is honoured (capped at
 * `maxRetryAfterMs`) and never shortened by jitter.
 */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  if (retryAfterMs !== undefined)
    return Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
  const r = random();
  return Math.floor(ceiling * (Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5));
}

/**
 * How long to wait, after `failures` failed refresh cycles in a row, before the next background
 * refresh: the same capped exponential backoff with "equal" jitter (never less than half, so a
 * stream of callers cannot turn it into a tight loop); `Retry-After` honoured.
 */
export function backgroundBackoff(
  policy: RetryPolicy & { readonly random: () => number },
  failures: number,
  error: unknown,
): number {
  const retryAfter = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return retryDelay(
    policy,
    failures,
    typeof retryAfter === 'number' ? retryAfter : undefined,
    () => 0.5 + policy.random() / 2,
  );
}
