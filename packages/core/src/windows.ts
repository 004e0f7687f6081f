/** When a token enters its refresh window (served at once, one background refresh) and its must-refresh window (callers wait), epoch ms. */
export interface RefreshTimes {
  readonly refreshAt: number;
  readonly mustRefreshAt: number;
}

/** The window settings (from `refreshWindow` / `mustRefreshWindow`). */
export interface WindowSettings {
  readonly refreshRatio: number;
  readonly refreshMaxMs: number;
  readonly mustRatio: number;
  readonly mustMaxMs: number;
}

/**
 * Windows that scale with the lifetime `L = expiresAt - issuedAt`: refresh window
 * `min(L × refreshRatio, refreshMaxMs)`, must-refresh window `min(L × mustRatio, mustMaxMs)`.
 * Defaults 0.25/1 h and 0.1/30 s: a 2 s token refreshes at 1.5 s and callers wait from 1.8 s.
 */
export function refreshTimes(
  issuedAt: number,
  expiresAt: number,
  settings: WindowSettings,
): RefreshTimes {
  const lifetime = Math.max(0, expiresAt - issuedAt);
  const must = Math.min(lifetime * settings.mustRatio, settings.mustMaxMs);
  const refresh = Math.max(must, Math.min(lifetime * settings.refreshRatio, settings.refreshMaxMs));
  return { refreshAt: expiresAt - refresh, mustRefreshAt: expiresAt - must };
}
