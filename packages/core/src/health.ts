import type { AccessToken } from './access-token';
import { isAdumoOAuthError } from './errors';

/**
 * What a token source can say about itself without any I/O:
 * - `ok`: a valid token, and the last refresh (if any) succeeded;
 * - `stale`: a valid token is being served while refreshes fail (stale-if-error);
 * - `failing`: no valid token, and the last attempt to get one failed;
 * - `empty`: no valid token and no failure (nothing asked yet, invalidated, or lazily expired).
 */
export type TokenHealthState = 'ok' | 'stale' | 'failing' | 'empty';

/** A health snapshot: no secret, no token, nothing from the endpoint's answer but a status. */
export interface TokenHealth {
  /** `ok`, `stale`, `failing` or `empty`: see {@link TokenHealthState}. */
  readonly state: TokenHealthState;
  /** When the cached token expires, epoch ms (`undefined` without a valid token). */
  readonly expiresAt: number | undefined;
  /** Failed refreshes in a row (0 after a success). */
  readonly consecutiveFailures: number;
  /** The `code` of the last failure (`token_endpoint`, `network`, …; `unknown` for a programming error). */
  readonly lastErrorCode: string | undefined;
  /** The HTTP status of the last failure, when the endpoint answered one. */
  readonly lastErrorStatus: number | undefined;
  /** No refresh starts before this (cooldown after a failure), epoch ms; `undefined` when none. */
  readonly retryAt: number | undefined;
}

/** The refreshing source's state that health is computed from. */
export interface HealthInput {
  readonly token: AccessToken | undefined;
  readonly failures: number;
  readonly lastError: unknown;
  readonly coolUntil: number;
}

/** The one place that classifies a source's state (used by `TokenManager` and `TokenPool`). */
export function healthOf(input: HealthInput, now: number): TokenHealth {
  const { token, failures, lastError, coolUntil } = input;
  const valid = token !== undefined && now < token.expiresAt;
  const failed = failures > 0 && lastError !== undefined;
  const status = (lastError as { status?: unknown } | undefined)?.status;
  return {
    state: valid ? (failed ? 'stale' : 'ok') : failed ? 'failing' : 'empty',
    expiresAt: valid ? token.expiresAt : undefined,
    consecutiveFailures: failures,
    lastErrorCode: !failed ? undefined : isAdumoOAuthError(lastError) ? lastError.code : 'unknown',
    lastErrorStatus: failed && typeof status === 'number' ? status : undefined,
    retryAt: coolUntil > now ? coolUntil : undefined,
  };
}

/** The pool's health: how many merchants are in each state. */
export interface TokenPoolHealth {
  /** `failing` when every merchant with a state is failing, `degraded` when some are stale or failing. */
  readonly state: 'ok' | 'degraded' | 'failing' | 'empty';
  /** Merchants in memory now. */
  readonly merchants: number;
  /** How many of those merchants are in each {@link TokenHealthState}. */
  readonly byState: Readonly<Record<TokenHealthState, number>>;
}

/** A pool's health from its merchants' states (the one place that aggregates them). */
export function poolHealthOf(states: readonly TokenHealthState[]): TokenPoolHealth {
  const byState = { ok: 0, stale: 0, failing: 0, empty: 0 };
  for (const s of states) byState[s]++;
  const known = byState.ok + byState.stale + byState.failing;
  const state =
    known === 0
      ? 'empty'
      : byState.failing === known
        ? 'failing'
        : byState.ok === known
          ? 'ok'
          : 'degraded';
  return { state, merchants: states.length, byState };
}
