import { AdumoOAuthError } from './errors';

/**
 * Cancellable waits: racing a promise against a signal, the manager's closed state, the signal of
 * one refresh cycle, `unref`'d sleeps, and the deterministic test hooks that replace them.
 */

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

/** `setTimeout`'s longest delay, ms. */
const MAX_TIMER = 2_147_483_647;

/** One `unref`'d timer, re-armable, for any delay (one longer than `setTimeout` allows re-arms). */
export class LongTimer {
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Call `fn` in `delayMs` (a pending call is replaced). */
  set(delayMs: number, fn: () => void): void {
    this.clear();
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        if (delayMs > MAX_TIMER) this.set(delayMs - MAX_TIMER, fn);
        else fn();
      },
      Math.min(Math.max(0, delayMs), MAX_TIMER),
    );
    unref(this.#timer);
  }

  /** Cancel the pending call, if any. */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** `unref()` where the platform has it (Node, Bun, Deno); a no-op elsewhere. */
export function unref(timer: unknown): void {
  (timer as { unref?: () => void } | undefined)?.unref?.();
}

/**
 * Deterministic sleeps and jitter for this package's own tests. Not exported from the package:
 * the key is a symbol only the tests import from the source.
 */
export const TEST_HOOKS: unique symbol = Symbol('adumo-oauth test hooks');

/** What the tests may replace. */
export interface TestHooks {
  /** Sleep between retries and store polls (default a timer). */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Random source in [0, 1) for jitter (default `Math.random`). */
  readonly random?: (() => number) | undefined;
}

/** Spread into `new TokenManager({ … })` in a test: `...testHooks({ sleep, random })`. */
export function testHooks(hooks: TestHooks): Record<never, never> {
  return { [TEST_HOOKS]: hooks };
}
