/** The window settings used by {@link refreshTimes}. */
export interface WindowSettings {
  readonly refreshRatio: number;
  readonly refreshMaxMs: number;
  readonly mustRatio: number;
  readonly mustMaxMs: number;
}

/** When a token enters its refresh window and its must-refresh window, epoch ms. */
export interface RefreshTimes {
  /** From here on, callers still get the token at once while one background refresh runs. */
  readonly refreshAt: number;
  /** From here on, callers wait for the refresh (falling back to the token until it expires). */
  readonly mustRefreshAt: number;
}

/**
 * Windows that scale with the token's lifetime `L = expiresAt - issuedAt`:
 * refresh window = min(L × refreshRatio, refreshMaxMs), must-refresh window =
 * min(L × mustRatio, mustMaxMs). Defaults 0.25/1 h and 0.1/30 s: a 2 s token refreshes at
 * 1.5 s and callers wait from 1.8 s; a 599999 s token refreshes 1 h before expiry, waits 30 s before.
 */
export function refreshTimes(issuedAt: number, expiresAt: number, w: WindowSettings): RefreshTimes {
  const lifetime = Math.max(0, expiresAt - issuedAt);
  const must = Math.min(lifetime * w.mustRatio, w.mustMaxMs);
  const refresh = Math.max(must, Math.min(lifetime * w.refreshRatio, w.refreshMaxMs));
  return { refreshAt: expiresAt - refresh, mustRefreshAt: expiresAt - must };
}
