/**
 * Timers for retry backoff and store polling. They are `unref`'d while nobody waits (a background
 * refresh never keeps the process alive) and `ref`'d while a caller awaits the result.
 */
export class Sleeper {
  readonly #timers = new Map<ReturnType<typeof setTimeout>, (error: unknown) => void>();
  #ref = false;
  #closed: unknown;

  /** Resolve after `ms` (reject with the close reason once {@link Sleeper.close} was called). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the close reason is an error
      if (this.#closed !== undefined) return reject(this.#closed);
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      if (!this.#ref) unref(timer);
      this.#timers.set(timer, reject);
    });
  }

  /** Clear every pending timer, rejecting its sleep with `reason`; later sleeps reject at once. */
  close(reason: unknown): void {
    this.#closed = reason;
    for (const [timer, reject] of this.#timers) {
      clearTimeout(timer);
      reject(reason);
    }
    this.#timers.clear();
  }

  /** Keep the process alive for pending timers (`true`) or not (`false`). */
  setRef(ref: boolean): void {
    if (this.#ref === ref) return;
    this.#ref = ref;
    for (const timer of this.#timers.keys()) {
      if (ref) (timer as { ref?: () => void }).ref?.();
      else unref(timer);
    }
  }
}

/** `unref()` where the platform has it (Node, Bun, Deno); a no-op elsewhere. */
export function unref(timer: unknown): void {
  (timer as { unref?: () => void } | undefined)?.unref?.();
}
