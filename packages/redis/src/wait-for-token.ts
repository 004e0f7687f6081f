import type { StoredToken } from '@adumo-oauth/core';

/** What one look at Redis found: the awaited token, nothing yet, or no refresh in progress. */
export type WaitCheck = StoredToken | 'waiting' | 'no-holder';

/** What {@link waitForNewToken} needs from the store. */
export interface WaitDeps {
  /** Look at Redis once (rejects when Redis fails). */
  readonly check: () => Promise<WaitCheck>;
  /** Subscribe `wake` to notifications for this key; returns the unsubscribe function. */
  readonly listen: (wake: () => void) => () => void;
  /** Resolves once notifications are active, or `false` when they are not (polling still works). */
  readonly subscribed: () => Promise<boolean>;
  readonly pollIntervalMs: number;
}

/** Options of one wait (the core's `waitForToken` options). */
export interface WaitOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Resolve the token another instance publishes, or `undefined` on timeout, abort, or when no
 * instance holds the lock any more (its refresh failed or it crashed and the lock expired).
 * Wakes on pub/sub messages and polls every `pollIntervalMs` in case a message is lost.
 */
export function waitForNewToken(
  deps: WaitDeps,
  options: WaitOptions,
): Promise<StoredToken | undefined> {
  const { timeoutMs, signal } = options;
  if (signal?.aborted || !(timeoutMs > 0)) return Promise.resolve(undefined);

  return new Promise<StoredToken | undefined>((resolve, reject) => {
    let settled = false;
    let running = false;
    let rerun = false;
    let poll: NodeJS.Timeout | undefined;

    const finish = (token: StoredToken | undefined, error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(poll);
      stopListening();
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) resolve(token);
      else reject(error);
    };
    const onAbort = (): void => finish(undefined);

    const look = async (): Promise<void> => {
      if (settled) return;
      if (running) {
        rerun = true;
        return;
      }
      running = true;
      clearTimeout(poll);
      try {
        do {
          rerun = false;
          const found = await deps.check();
          if (found === 'no-holder') return finish(undefined);
          if (found !== 'waiting') return finish(found);
        } while (rerun && !settled);
      } catch (error) {
        return finish(undefined, error as Error);
      } finally {
        running = false;
      }
      if (!settled) poll = setTimeout(() => void look(), deps.pollIntervalMs);
    };

    const deadline = setTimeout(() => finish(undefined), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    const stopListening = deps.listen(() => void look());
    void look();
    // Look again once notifications flow: a token stored between the first look and the
    // subscription would otherwise wait for the next poll.
    void deps.subscribed().then((active) => (active ? look() : undefined));
  });
}
