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
