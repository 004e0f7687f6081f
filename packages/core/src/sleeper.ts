/**
 * Timers for retry backoff and store polling. They are `unref`'d while nobody waits (a background
 * refresh never keeps the process alive) and `ref`'d while a caller awaits the result.
 */
export class Sleeper {
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #ref = false;

  /** Resolve after `ms`. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      if (!this.#ref) timer.unref();
      this.#timers.add(timer);
    });
  }

  /** Keep the process alive for pending timers (`true`) or not (`false`). */
  setRef(ref: boolean): void {
    if (this.#ref === ref) return;
    this.#ref = ref;
    for (const timer of this.#timers) {
      if (ref) timer.ref();
      else timer.unref();
    }
  }
}
