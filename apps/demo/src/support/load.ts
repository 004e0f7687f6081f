/** Outcome counts and latencies of many calls. */
export interface LoadResult {
  readonly calls: number;
  readonly successes: number;
  /** Outcome → count: an HTTP status (`"200"`) or an error code (`"error:token_endpoint"`). */
  readonly outcomes: Record<string, number>;
  /** Per-call latencies in ms. */
  readonly latencies: number[];
}

/** Something that makes one call and says whether it succeeded and how. */
export type Call = (index: number) => Promise<{ ok: boolean; outcome: string }>;

/** Start `count` calls at once and wait for all of them (a burst of concurrent requests). */
export async function burst(count: number, call: Call): Promise<LoadResult> {
  const recorder = new Recorder();
  await Promise.all(Array.from({ length: count }, (_, i) => recorder.run(call, i)));
  return recorder.result();
}

/** Several load runs as one (e.g. two bursts run side by side). */
export function combine(...loads: readonly LoadResult[]): LoadResult {
  const outcomes: Record<string, number> = {};
  for (const load of loads)
    for (const [outcome, count] of Object.entries(load.outcomes))
      outcomes[outcome] = (outcomes[outcome] ?? 0) + count;
  return {
    calls: loads.reduce((sum, load) => sum + load.calls, 0),
    successes: loads.reduce((sum, load) => sum + load.successes, 0),
    outcomes,
    latencies: loads.flatMap((load) => load.latencies),
  };
}

/**
 * `workers` loops calling `call` back to back until `durationMs` has passed (steady load).
 * `shouldStop` ends the load early.
 */
export async function sustain(
  durationMs: number,
  workers: number,
  call: Call,
  shouldStop: () => boolean = () => false,
): Promise<LoadResult> {
  const recorder = new Recorder();
  const end = performance.now() + durationMs;
  let index = 0;
  const loop = async (): Promise<void> => {
    while (performance.now() < end && !shouldStop()) await recorder.run(call, index++);
  };
  await Promise.all(Array.from({ length: workers }, loop));
  return recorder.result();
}

class Recorder {
  readonly #outcomes: Record<string, number> = {};
  readonly #latencies: number[] = [];
  #successes = 0;

  async run(call: Call, index: number): Promise<void> {
    const started = performance.now();
    let outcome: string;
    try {
      const result = await call(index);
      outcome = result.outcome;
      if (result.ok) this.#successes++;
    } catch (error) {
      outcome = `error:${errorCode(error)}`;
    }
    this.#latencies.push(performance.now() - started);
    this.#outcomes[outcome] = (this.#outcomes[outcome] ?? 0) + 1;
  }

  result(): LoadResult {
    return {
      calls: this.#latencies.length,
      successes: this.#successes,
      outcomes: { ...this.#outcomes },
      latencies: [...this.#latencies],
    };
  }
}

/** A short, secret-free name for an error: the library's `code`, else the error's name. */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (error instanceof Error) return error.name;
  }
  return 'unknown';
}

/** Milliseconds to wait, e.g. until a token enters its refresh window. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
