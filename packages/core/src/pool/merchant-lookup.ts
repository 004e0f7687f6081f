import { MerchantError } from '../errors';
import { outsideText } from '../outside-text';
import { BoundedMap, type CacheEntry } from '../bounded-map';
import { backoff } from '../retry';
import { unref, type Closer } from '../timers';
import { Gate } from './gate';
import type { CredentialsResolver, MerchantCredentials } from '../options';
import type { PastFailure } from '../retry';

/** Longest merchant id accepted. */
const MAX_ID_LENGTH = 256;
/** Longest client id / secret accepted from the resolver. */
const MAX_CREDENTIAL_LENGTH = 4096;
/**
 * Characters refused in merchant ids and credentials: C0 and C1 controls, DEL, format characters
 * (bidi embeddings, overrides and isolates, zero-width characters, BOM…), line and paragraph
 * separators and lone surrogates: the ones `outsideText` would have to escape.
 */
const UNSHOWABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/**
 * `merchantId` if it is a usable id: a non-empty string of at most 256 characters without
 * control, format or separator characters or lone surrogates (it appears in log lines and store
 * keys). Throws an `invalid_merchant` error whose message shows the id escaped.
 */
export function checkMerchantId(merchantId: unknown): string {
  if (typeof merchantId !== 'string' || merchantId === '')
    throw new MerchantError('invalid_merchant', 'TokenPool: the merchant id is missing or empty');
  if (merchantId.length > MAX_ID_LENGTH || UNSHOWABLE.test(merchantId))
    throw new MerchantError(
      'invalid_merchant',
      `TokenPool: merchant id "${outsideText(merchantId, { max: 64 })}" refused: a merchant id has at most ${MAX_ID_LENGTH} characters and no control, format or separator characters or lone surrogates`,
    );
  return merchantId;
}

function validCredential(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.trim() !== '' &&
    value.length <= MAX_CREDENTIAL_LENGTH &&
    !UNSHOWABLE.test(value)
  );
}

/** What a {@link MerchantLookup} needs. */
export interface LookupOptions<T> {
  readonly resolve: CredentialsResolver;
  /** Make the merchant's entry from its credentials (and its failures before it was evicted). */
  readonly build: (
    merchantId: string,
    credentials: MerchantCredentials,
    past: PastFailure | undefined,
  ) => T;
  /** Keep the entry (only for the lookup still current: not after `forget()`). */
  readonly adopt: (merchantId: string, entry: T) => void;
  /** Longest resolver call, ms (from the call, not from the wait for a slot). */
  readonly timeoutMs: number;
  /** Most resolver calls at once; further lookups wait their turn (first come first served). */
  readonly maxConcurrent: number;
  /** How long a failed lookup is answered from memory (no resolver call), ms (`cooldown.minMs`). */
  readonly failureTtlMs: number;
  /** Failures remembered at once (the least recently used forgotten first). */
  readonly maxFailures: number;
  readonly now: () => number;
  readonly closing: Closer;
  readonly onLookup: () => void;
  readonly onFailure: () => void;
  /** A call answered with an evicted merchant's remembered token failure (its cooldown). */
  readonly onCooling: () => void;
}

/** A failure answered from memory until `until`: a lookup's, or an evicted merchant's (`past`). */
interface Remembered extends CacheEntry {
  readonly error: unknown;
  readonly until: number;
  readonly past?: PastFailure | undefined;
}

/**
 * Calls the credentials resolver: once at a time per merchant (single-flight), at most
 * `maxConcurrent` calls at once (a database pool survives a flood of new ids), bounded by a
 * timeout and by `close()`, the answer validated; a failure is that merchant's typed error only,
 * and is answered from memory for `failureTtlMs` so an unknown or broken merchant cannot flood the
 * resolver (nor, being never adopted, push real merchants out of the pool).
 *
 * It also remembers evicted merchants' token failures (see {@link MerchantLookup.remember}): until
 * the cooldown ends, a call gets the failure again with no resolver call and no token request;
 * after it, the rebuilt merchant takes up its failures (its cooldown keeps growing).
 */
export class MerchantLookup<T> {
  readonly #pending = new Map<string, Promise<T>>();
  readonly #failed: BoundedMap<Remembered>;
  readonly #slots: Gate;

  constructor(private readonly options: LookupOptions<T>) {
    this.#slots = new Gate({ limit: options.maxConcurrent });
    this.#failed = new BoundedMap<Remembered>(options.maxFailures, { admission: false });
  }

  /** The merchant's entry, from a new (or the running) lookup. */
  lookup(merchantId: string): Promise<T> {
    const running = this.#pending.get(merchantId);
    if (running !== undefined) return running;
    const failed = this.#failed.get(merchantId);
    if (failed !== undefined) {
      if (this.options.now() < failed.until) {
        if (failed.past !== undefined) this.options.onCooling();
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a typed error
        return Promise.reject(failed.error);
      }
      this.#failed.delete(merchantId);
    }
    const past = failed?.past;
    const run: Promise<T> = this.#run(merchantId).then(
      (credentials) => {
        const entry = this.options.build(merchantId, credentials, past);
        if (this.#pending.get(merchantId) === run) {
          this.#pending.delete(merchantId);
          this.options.adopt(merchantId, entry);
        }
        return entry;
      },
      (error: MerchantError) => {
        if (this.#pending.get(merchantId) === run) {
          this.#pending.delete(merchantId);
          this.#remember(merchantId, error);
        }
        throw error;
      },
    );
    this.#pending.set(merchantId, run);
    return run;
  }

  /**
   * Remember an evicted merchant's token failures (answered until its cooldown ends); ignored
   * while a new lookup for it runs (the new entry is the one that counts).
   */
  remember(merchantId: string, past: PastFailure): void {
    if (!this.#pending.has(merchantId))
      this.#failed.add(merchantId, {
        used: false,
        stamp: 0,
        error: past.error,
        until: past.coolUntil,
        past,
      });
  }

  /** Forget a running lookup (its callers still get its result) and a remembered failure. */
  forget(merchantId: string): void {
    this.#pending.delete(merchantId);
    this.#failed.delete(merchantId);
  }

  #remember(merchantId: string, error: MerchantError): void {
    const { failureTtlMs: ttl, now } = this.options;
    // Asked again after the first step of a backoff without jitter: `failureTtlMs`.
    if (ttl > 0)
      this.#failed.add(merchantId, {
        used: false,
        stamp: 0,
        error,
        until: now() + backoff(1, { baseMs: ttl, maxMs: ttl, jitter: 0 }),
      });
  }

  #run(merchantId: string): Promise<MerchantCredentials> {
    const { options } = this;
    const fail = (
      code: 'unknown_merchant' | 'credentials_unavailable',
      why: string,
      cause?: unknown,
    ) => {
      options.onFailure();
      return new MerchantError(code, `TokenPool: merchant ${merchantId}: ${why}`, {
        merchantId,
        cause,
      });
    };
    return new Promise<MerchantCredentials>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let release: (() => void) | undefined;
      let done = false;
      /** Settle once: the timer, the close listener and the slot go. */
      const settle = (): boolean => {
        if (done) return false;
        done = true;
        clearTimeout(timer);
        off();
        release?.(); // a call that timed out no longer counts against the bound
        return true;
      };
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- an error
      const stop = (error: unknown): void => void (settle() && reject(error));
      const off = options.closing.onClose(stop);
      // At most `maxConcurrent` resolver calls at once, in order; the timeout runs from the call.
      void this.#slots.enter().then((free) => {
        if (done) return free(); // closed while waiting
        release = free;
        options.onLookup();
        timer = setTimeout(
          () =>
            stop(
              fail(
                'credentials_unavailable',
                `the credentials resolver took over ${options.timeoutMs} ms`,
              ),
            ),
          options.timeoutMs,
        );
        unref(timer);
        Promise.resolve()
          .then(() => options.resolve(merchantId))
          .then(
            (found) => {
              if (found === undefined || found === null)
                return stop(
                  fail('unknown_merchant', 'the credentials resolver knows no such merchant'),
                );
              const { clientId, clientSecret } = found as Partial<MerchantCredentials>;
              if (!validCredential(clientId) || !validCredential(clientSecret))
                return stop(
                  fail(
                    'credentials_unavailable',
                    'the credentials resolver returned no valid { clientId, clientSecret } (non-empty strings without control or format characters)',
                  ),
                );
              if (settle()) resolve({ clientId, clientSecret });
            },
            (error: unknown) => {
              // The resolver's own error may hold anything (a connection string, the secret):
              // only its class name is kept. Log it inside the resolver if you need its message.
              const named = error instanceof Error && /^[A-Za-z]{1,40}$/.test(error.name);
              const name = named ? error.name : typeof error;
              stop(
                fail(
                  'credentials_unavailable',
                  `the credentials resolver failed (${name}; its message is not copied, as it may hold credentials)`,
                ),
              );
            },
          );
      });
    });
  }
}
