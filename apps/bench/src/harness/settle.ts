import { nowMs } from './stats';

/** How a batch of promises ended within a time limit. */
export interface SettleOutcome {
  readonly fulfilled: number;
  readonly rejected: number;
  /** Still pending when the limit passed. */
  readonly pending: number;
  /** Time until the last one settled (or the limit), ms. */
  readonly elapsedMs: number;
}

/** Wait for every promise to settle, at most `limitMs`. */
export async function settleWithin(
  promises: readonly Promise<unknown>[],
  limitMs: number,
  startedAt = nowMs(),
): Promise<SettleOutcome> {
  let fulfilled = 0;
  let rejected = 0;
  let timer: NodeJS.Timeout | undefined;
  const all = Promise.all(
    promises.map((p) =>
      p.then(
        () => void fulfilled++,
        () => void rejected++,
      ),
    ),
  );
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, limitMs);
  });
  await Promise.race([all, limit]);
  clearTimeout(timer);
  const elapsedMs = nowMs() - startedAt;
  return { fulfilled, rejected, pending: promises.length - fulfilled - rejected, elapsedMs };
}
