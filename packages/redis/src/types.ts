import type { Logger } from '@adumo-oauth/core';
import type { RedisTokenStoreError } from './errors';

/** A Lua script with its SHA-1, so a client can run it by `EVALSHA` and fall back to `EVAL`. */
export interface RedisScript {
  /** The Lua source. */
  readonly source: string;
  /** Lowercase hex SHA-1 of {@link RedisScript.source}. */
  readonly sha1: string;
}

/**
 * The few Redis commands {@link RedisTokenStore} needs. {@link ioredisClient} adapts ioredis; any
 * other client (node-redis, a cluster client, a test double) is a small adapter of these methods.
 * Every method may reject; the store bounds each call with its own timeout.
 */
export interface RedisTokenStoreClient {
  /** `GET key`; `null` when absent. */
  get(key: string): Promise<string | null>;
  /** `SET key value PX ttlMs [NX]`; resolves `true` when the value was written. */
  set(
    key: string,
    value: string,
    options: { readonly ttlMs: number; readonly nx: boolean },
  ): Promise<boolean>;
  /** `DEL key`. */
  del(key: string): Promise<void>;
  /** `EVALSHA` (falling back to `EVAL` when the script is not cached) with these keys and args. */
  evalScript(
    script: RedisScript,
    keys: readonly string[],
    args: readonly string[],
  ): Promise<unknown>;
  /** `PUBLISH channel message`. */
  publish(channel: string, message: string): Promise<void>;
  /**
   * `SUBSCRIBE channel` on a connection of its own (a subscribed connection cannot run other
   * commands) and call `listener` for every message; resolves once the subscription is active.
   */
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  /** Release what the adapter owns (its subscriber connection; the main one if it created it). */
  close(): Promise<void>;
}

/** An AES-256 key: 32 bytes, or a string holding them as hex (64 digits) or base64/base64url. */
export type EncryptionKey = Uint8Array | string;

/** Options of {@link RedisTokenStore} (and of its `fromUrl`/`fromIoredis` factories). */
export interface RedisTokenStoreOptions {
  /** Namespace of every key and of the notification channel; default `"adumo-oauth:"`. */
  readonly prefix?: string | undefined;
  /**
   * Encrypt values at rest with AES-256-GCM. Give one key, or a list whose first key encrypts and
   * all of which decrypt (key rotation). Every instance of the fleet needs the same key(s).
   */
  readonly encryptionKey?: EncryptionKey | readonly EncryptionKey[] | undefined;
  /** Upper bound of every Redis command, ms; a slower answer rejects the call. Default 1000. */
  readonly commandTimeoutMs?: number | undefined;
  /** While waiting for another instance's refresh, re-check Redis this often, ms (pub/sub makes it faster). Default 500. */
  readonly pollIntervalMs?: number | undefined;
  /** Receives one `warn` when Redis becomes unusable and one `info` when it is back. Default: silent. */
  readonly logger?: Logger | undefined;
  /** Clock in epoch ms, used for value TTLs. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** Why a stored value was ignored (treated as a miss). */
export type InvalidValueReason = 'malformed' | 'decrypt-failed' | 'unencrypted' | 'encrypted';

/** Events of {@link RedisTokenStore} (it never emits `'error'`). */
export interface RedisTokenStoreEvents {
  /** Redis stopped answering usefully; emitted once per outage. */
  unavailable: [error: RedisTokenStoreError];
  /** Redis answers again after an outage. */
  recovered: [];
  /** A stored value could not be decrypted or parsed and was treated as a miss. */
  invalidValue: [
    info: {
      /** The Redis key of the value (`prefix` + the manager's cache key; no secret in it). */
      readonly key: string;
      /** Why the value was ignored. */
      readonly reason: InvalidValueReason;
    },
  ];
}
