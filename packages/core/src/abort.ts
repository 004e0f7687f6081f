import { TimeoutError } from './errors';
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
 * The signal of one refresh cycle: aborts when `parent` does (the manager closed) and when the
 * cycle has run `limitMs` with nobody waiting for it (`waited()` is checked then, and again every
 * `limitMs` while somebody waits), so an unwaited refresh never keeps a finished process alive.
 */
export function cycleSignal(
  parent: AbortSignal,
  limitMs: number,
  waited: () => boolean,
): { readonly signal: AbortSignal; dispose(): void } {
  const stop = new AbortController();
  const onParent = (): void => stop.abort(parent.reason);
  parent.addEventListener('abort', onParent, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = (): void => {
    if (waited()) return arm();
    stop.abort(new TimeoutError(`background token refresh abandoned after ${limitMs} ms`));
  };
  const arm = (): void => unref((timer = setTimeout(check, limitMs)));
  arm();
  return {
    signal: stop.signal,
    dispose: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParent);
    },
  };
}
