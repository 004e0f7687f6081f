/** Latency summary of a load run, in ms (rounded to 0.1). */
export interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/** p50 / p95 / max of `values` (nearest rank); zeros for no values. */
export function latency(values: readonly number[]): Latency {
  if (values.length === 0) return { p50: 0, p95: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => {
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return round(sorted[rank] ?? 0);
  };
  return { p50: at(50), p95: at(95), max: round(sorted[sorted.length - 1] ?? 0) };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** `{"200": 50, "502": 1}` → `"200×50, 502×1"`. */
export function statusList(outcomes: Readonly<Record<string, number>>): string {
  return Object.entries(outcomes)
    .map(([k, v]) => `${k}×${v}`)
    .join(', ');
}

/**
 * How many app answers count as "the token worked": 200 against the mock; 200 or 422 (the API
 * took the token but refused the demo's made-up payment) against a real host.
 */
export function accepted(
  outcomes: Readonly<Record<string, number>>,
  kind: 'mock' | 'remote',
): number {
  const good = kind === 'mock' ? ['200'] : ['200', '422'];
  return good.reduce((sum, status) => sum + (outcomes[status] ?? 0), 0);
}
