import { isAdumoOAuthError } from './errors';

/** The retry settings used by {@link retryDelay}. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  /** Floor of an honoured `Retry-After` (`Retry-After: 0` never means "now"). */
  readonly minRetryAfterMs: number;
}

/** Whether an acquisition error may succeed on another attempt (5xx, 429, timeouts, network). */
export function isRetryable(error: unknown): boolean {
  return isAdumoOAuthError(error) && error.retryable && error.code !== 'aborted';
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
  if (retryAfterMs !== undefined)
    return Math.max(policy.minRetryAfterMs, Math.min(retryAfterMs, policy.maxRetryAfterMs));
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
  const r = random();
  return Math.floor(ceiling * (Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5));
}

/** The settings of {@link cooldown}. */
export interface CooldownPolicy extends RetryPolicy {
  readonly cooldownMinMs: number;
  readonly cooldownMaxMs: number;
  readonly random: () => number;
}

/**
 * How long, after `failures` failed refresh cycles in a row, no new cycle starts: callers with a
 * valid token keep it (stale-if-error), callers without one share the last failure. Doubles from
 * `cooldownMinMs` up to `cooldownMaxMs` with "equal" jitter (never less than half, so a stream of
 * callers cannot turn it into a tight loop), and never shorter than an honoured `Retry-After`.
 */
export function cooldown(policy: CooldownPolicy, failures: number, error: unknown): number {
  const ceiling = Math.min(
    policy.cooldownMaxMs,
    policy.cooldownMinMs * 2 ** Math.min(Math.max(failures, 1) - 1, 30),
  );
  const r = policy.random();
  const jittered = Math.floor(
    ceiling * (0.5 + (Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5) / 2),
  );
  const raw = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  const retryAfter = typeof raw === 'number' ? retryDelay(policy, failures, raw, policy.random) : 0;
  return Math.max(jittered, retryAfter);
}
