import { AdumoOAuthError } from './errors';
import { unref } from './sleeper';

/**
 * Settle with `promise`, or reject with `makeError()` as soon as `signal` aborts. The abort
 * listener is removed when either happens (no listener leaks on long-lived signals).
 */
export function raceSignal<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  makeError: () => unknown,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the caller's own error value
    const onAbort = (): void => reject(makeError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passed through as is
        reject(error);
      },
    );
  });
}

/**
 * A manager's "closed" state: a flag, a reason and close listeners. Deliberately not an
 * `AbortController`: on Cloudflare Workers an I/O object belongs to the request that made it, and
 * the manager (made in one request) is used by every later one.
 */
export class Closer {
  #closed = false;
  #reason: unknown;
  readonly #listeners = new Set<(reason: unknown) => void>();

  /** Whether {@link Closer.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The close reason (an error), once closed. */
  get reason(): unknown {
    return this.#reason;
  }

  /** Close with `reason` and tell every listener, once. */
  close(reason: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#reason = reason;
    for (const listener of this.#listeners) listener(reason);
    this.#listeners.clear();
  }

  /** Call `listener` on close; returns its removal. */
  onClose(listener: (reason: unknown) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
}

/**
 * The signal of one refresh cycle: aborts when `parent` closes (the manager closed) and when the
 * cycle has run `limitMs` with nobody waiting for it (`waited()` is checked then, and again every
 * `limitMs` while somebody waits), so an unwaited refresh never keeps a finished process alive.
 * Made by the call that starts the cycle, so on Workers it belongs to that request.
 */
export function cycleSignal(
  parent: Closer,
  limitMs: number,
  waited: () => boolean,
): { readonly signal: AbortSignal; dispose(): void } {
  const stop = new AbortController();
  const off = parent.onClose((reason) => stop.abort(reason));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = (): void => {
    if (waited()) return arm();
    stop.abort(
      new AdumoOAuthError('timeout', `background token refresh abandoned after ${limitMs} ms`),
    );
  };
  const arm = (): void => unref((timer = setTimeout(check, limitMs)));
  arm();
  return {
    signal: stop.signal,
    dispose: () => {
      clearTimeout(timer);
      off();
    },
  };
}
