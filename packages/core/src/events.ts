import type { AccessToken } from './access-token';
import type { AdumoOAuthError } from './errors';

/** Payload of the `token` event: a token handed out or acquired. */
export interface TokenEvent {
  /** `network`: fresh from the endpoint; `store`: adopted from the shared store; `cache`: an in-memory hit. */
  readonly source: 'network' | 'cache' | 'store';
  /** The token (its `toString()`, `toJSON()` and `inspect()` are redacted; `value` is not). */
  readonly token: AccessToken;
}

/** Payload of the `refreshError` event: a refresh cycle failed (after its retries). */
export interface RefreshErrorEvent {
  /** Why the cycle failed (redacted), e.g. a `TokenEndpointError` or a `NetworkError`. */
  readonly error: AdumoOAuthError;
  /** Whether callers were still being served the previous token (stale-if-error). */
  readonly background: boolean;
  /** Failed cycles in a row. */
  readonly consecutiveFailures: number;
  /** When the previous token (if any) expires, epoch ms. */
  readonly staleUntil: number | undefined;
}

/** Payload of the `retry` event: an attempt failed and another follows after `delayMs`. */
export interface RetryEvent {
  /** The attempt that failed: 1 for the first request of an acquisition, 2 for its first retry, … */
  readonly attempt: number;
  /** How long the manager waits before the next attempt, ms (backoff with jitter, or `Retry-After`). */
  readonly delayMs: number;
  /** Why the attempt failed (redacted; a retryable error, e.g. a 5xx, 429, timeout or network error). */
  readonly error: AdumoOAuthError;
}

/** Payload of the `storeError` event: a store call failed; the manager went to the network. */
export interface StoreErrorEvent {
  /** The {@link TokenStore} method that failed (or timed out). */
  readonly operation: 'get' | 'set' | 'delete' | 'lock' | 'release' | 'waitForToken';
  /** What the store threw, wrapped in a redacted `StoreError`. */
  readonly error: AdumoOAuthError;
}

/** Payload of the `request` event: one HTTP token request (attempt) is about to be sent. */
export interface RequestEvent {
  /** Unique in the process; the matching `response` event has the same `id`. */
  readonly id: number;
  /** 1 for the first attempt of an acquisition, 2 for its first retry, … */
  readonly attempt: number;
  /** The HTTP method: token requests are always `POST`. */
  readonly method: 'POST';
  /** The token URL with `client_secret` (and any token) redacted. */
  readonly url: string;
}

/** Payload of the `response` event: the attempt of the `request` event with the same `id` ended. */
export interface ResponseEvent extends RequestEvent {
  /** HTTP status, or `undefined` when no response arrived (network error, timeout, abort). */
  readonly status: number | undefined;
  /** From sending to the end of reading the answer, ms (the manager's clock). */
  readonly durationMs: number;
  /** Why the attempt failed (redacted, usually an `AdumoOAuthError`), `undefined` on success. */
  readonly error: Error | undefined;
}

/** Every event a `TokenManager` emits, by name. */
export interface TokenManagerEvents {
  /** A token was handed to a caller or acquired (from the network, the store or the memory cache). */
  token: TokenEvent;
  /** A refresh cycle failed after its retries. */
  refreshError: RefreshErrorEvent;
  /** A token request attempt failed and will be retried. */
  retry: RetryEvent;
  /** A {@link TokenStore} call failed; the manager carried on without the store. */
  storeError: StoreErrorEvent;
  /** A token request attempt is about to be sent. */
  request: RequestEvent;
  /** A token request attempt ended (answered, failed or aborted). */
  response: ResponseEvent;
}

/** Every event a `TokenPool` emits: a manager's events, each naming its merchant. */
export type TokenPoolEvents = {
  [K in keyof TokenManagerEvents]: TokenManagerEvents[K] & {
    /** The merchant whose token source emitted the event. */
    readonly merchantId: string;
  };
};

type Listener<T> = (event: T) => void;

/** Where a source sends its events: an {@link Emitter}, or a pool's per-merchant view of one. */
export interface EventSink<E extends object> {
  /** Listener count per event (read on the hot path to skip building unwanted events). */
  readonly counts: { readonly [K in keyof E]?: number };
  emit<K extends keyof E>(name: K, event: E[K]): void;
}

/** A tiny typed event emitter; listener exceptions are reported, never thrown into the manager. */
export class Emitter<E extends object> implements EventSink<E> {
  readonly #listeners = new Map<keyof E, Listener<never>[]>();
  /** Listener count per event (read on the hot path). */
  readonly counts: { [K in keyof E]?: number } = {};

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  on<K extends keyof E>(name: K, listener: Listener<E[K]>): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const list = [...(this.#listeners.get(name) ?? []), listener as Listener<never>];
    this.#listeners.set(name, list);
    this.counts[name] = list.length;
    return () => this.off(name, listener);
  }

  /** Register several listeners at once (`{ name: listener }`; `undefined` entries skipped). */
  onAll(listeners: { readonly [K in keyof E]?: Listener<E[K]> | undefined }): void {
    for (const name of Object.keys(listeners) as (keyof E)[]) {
      const listener = listeners[name];
      if (listener !== undefined) this.on(name, listener);
    }
  }

  off<K extends keyof E>(name: K, listener: Listener<E[K]>): void {
    const list = this.#listeners.get(name) ?? [];
    const index = list.indexOf(listener);
    if (index < 0) return;
    const next = list.filter((_, i) => i !== index);
    this.#listeners.set(name, next);
    this.counts[name] = next.length;
  }

  emit<K extends keyof E>(name: K, event: E[K]): void {
    const list = this.#listeners.get(name);
    if (list === undefined) return;
    for (const listener of list) {
      try {
        (listener as Listener<E[K]>)(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
