/**
 * At most `limit` token requests of a pool in flight at once, the rest wait in order: a cold start
 * of 10,000 merchants must not open 10,000 connections (EMFILE) nor flood the token endpoint.
 */
export class Gate {
  #active = 0;
  readonly #queue: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Requests in flight now. */
  get active(): number {
    return this.#active;
  }

  /** Wait for a slot (rejects with `signal.reason` if it aborts first); resolves its release. */
  enter(signal: AbortSignal): Promise<() => void> {
    if (this.#active < this.limit) {
      this.#active++;
      return Promise.resolve(this.#release());
    }
    return new Promise<() => void>((resolve, reject) => {
      const admit = (): void => {
        signal.removeEventListener('abort', onAbort);
        this.#active++;
        resolve(this.#release());
      };
      const onAbort = (): void => {
        const at = this.#queue.indexOf(admit);
        if (at >= 0) this.#queue.splice(at, 1);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the signal's reason is an error
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(admit);
    });
  }

  #release(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#active--;
      this.#queue.shift()?.();
    };
  }
}
