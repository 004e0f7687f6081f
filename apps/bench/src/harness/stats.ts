/** Small statistics helpers for the scenarios. */

/** The `p`-th percentile (0–100) of `values` by nearest rank; `NaN` when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The median of `values`; `NaN` when empty. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The largest of `values`; `NaN` when empty. */
export function max(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.max(...values);
}

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export const nowMs = (): number => performance.now();

/** Nanoseconds as a bigint, for the hot path. */
export const nowNs = (): bigint => process.hrtime.bigint();

/** Resolve after `ms`. */
export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Run a full GC when node was started with `--expose-gc`. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Sum of the API answers whose status is `status`. */
export function countStatus(byStatus: Readonly<Record<string, number>>, status: number): number {
  return byStatus[String(status)] ?? 0;
}
