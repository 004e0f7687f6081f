import type { ResolvedConfig } from './config';
import { StoreError } from './errors';
import type { StoreErrorEvent } from './events';
import type { Redactor } from './redact';
import type { SafeLogger } from './safe-logger';
import { describeError, sanitizeCause } from './sanitize';
import { FAILED, type StoreContext } from './store-sync';
import type { TokenStore } from './types';
import { refreshTimes } from './windows';

/** What {@link StoreAccess} reports to the manager. */
export interface StoreAccessDeps {
  readonly config: ResolvedConfig;
  readonly key: string;
  readonly redact: Redactor;
  readonly log: SafeLogger;
  readonly sleep: (ms: number) => Promise<void>;
  /** A store call failed (count it, emit `storeError`). */
  readonly onError: (event: StoreErrorEvent) => void;
}

/**
 * The manager's guarded access to its {@link TokenStore}: every call's failure becomes a
 * `storeError` event and {@link FAILED} (a miss), logged once until the store works again.
 */
export class StoreAccess {
  #degraded = false;
  /** The context the store protocol (`acquireViaStore`) runs with. */
  readonly context: StoreContext;

  constructor(
    readonly store: TokenStore,
    private readonly deps: StoreAccessDeps,
  ) {
    const { config } = deps;
    this.context = {
      store,
      key: deps.key,
      lockTtlMs: config.lockTtlMs,
      now: config.now,
      sleep: deps.sleep,
      refreshAt: (issuedAt, expiresAt) => refreshTimes(issuedAt, expiresAt, config).refreshAt,
      mustRefreshAt: (issuedAt, expiresAt) =>
        refreshTimes(issuedAt, expiresAt, config).mustRefreshAt,
      call: (operation, fn) => this.call(operation, fn),
    };
  }

  /** Run one store call; a throw or rejection is reported and becomes {@link FAILED}. */
  async call<T>(
    operation: StoreErrorEvent['operation'],
    fn: () => T | Promise<T>,
  ): Promise<T | typeof FAILED> {
    const { log, redact } = this.deps;
    try {
      const value = await fn();
      if (this.#degraded) {
        this.#degraded = false;
        log.info('token store recovered');
      }
      return value;
    } catch (raw) {
      const error = new StoreError(
        `token store ${operation} failed: ${describeError(raw, redact)}`,
        {
          cause: sanitizeCause(raw, redact),
        },
      );
      if (!this.#degraded) {
        this.#degraded = true;
        log.warn(`${error.message}; using the token endpoint directly until the store recovers`);
      }
      this.deps.onError({ operation, error });
      return FAILED;
    }
  }
}
