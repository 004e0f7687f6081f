import { startChild, type Child } from './child';
import { redact } from './redact';
import { nowMs } from './stats';

/** Reject once `ms` have passed without `promise` settling. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Where a scenario's phases report: progress lines, and notes for rows that are missing. */
export interface PhaseLog {
  readonly progress: (line: string) => void;
  readonly notes: string[];
}

/**
 * Run one phase of a many-merchants scenario in `workerCount` fresh worker processes
 * (`--expose-gc`), at most `budgetMs`, and always stop them. A phase that fails or runs out of
 * time gives `n/a` (NaN) for its rows and a note, so the other phases' rows survive.
 */
export async function runPhase(
  log: PhaseLog,
  name: string,
  keys: readonly string[],
  budgetMs: number,
  workerCount: number,
  body: (workers: readonly Child[]) => Promise<Record<string, number>>,
): Promise<Record<string, number>> {
  const started = nowMs();
  const took = (): string => `${(nowMs() - started).toFixed(0)} ms`;
  const workers: Child[] = [];
  try {
    for (let i = 0; i < workerCount; i++)
      workers.push(await startChild('merchants-worker', { exposeGc: true }));
    const rows = await within(body(workers), budgetMs);
    log.progress(
      `${name}: ${keys.map((k) => `${k}=${rows[k]?.toFixed(1)}`).join(' ')} (${took()})`,
    );
    return rows;
  } catch (error) {
    const reason = redact(error instanceof Error ? error.message : String(error));
    log.notes.push(`${name} rows n/a: ${reason} (after ${took()})`);
    log.progress(`${name}: n/a: ${reason}`);
    return Object.fromEntries(keys.map((k) => [k, Number.NaN]));
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}
