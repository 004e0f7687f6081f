/**
 * Timers for retry backoff and store polling. They are `unref`'d while nobody waits (a background
 * refresh never keeps the process alive) and `ref`'d while a caller awaits a result. Shared by
 * every merchant of a pool, so holds are counted: timers stay `ref`'d until every holder let go.
 */
export class Sleeper {
  readonly #timers = new Map<ReturnType<typeof setTimeout>, (error: unknown) => void>();
  #holds = 0;
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
      if (this.#holds === 0) unref(timer);
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

  /** A source starts (`true`) or stops (`false`) waiting: timers are ref'd while any source waits. */
  setRef(ref: boolean): void {
    const before = this.#holds;
    this.#holds = Math.max(0, before + (ref ? 1 : -1));
    if ((before === 0) === (this.#holds === 0)) return;
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
