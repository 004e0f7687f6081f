import { fromBase64 } from './bytes';
import { outsideText } from './outside-text';
import { redactToken } from './redact';
import type { AccessTokenLike, StoredToken } from './types';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** The longest lifetime believed (10 years, from `expires_in`, a JWT `exp` or a store record). */
export const MAX_LIFETIME_MS = 315_360_000_000;
/** RFC 6750 `b64token`: the only characters a bearer token may hold (no space, CR/LF, NUL, non-ASCII). */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/** Longest token accepted (Adumo's JWTs are a few KB). */
const MAX_TOKEN_LENGTH = 16 * 1024;

/** Why `value` cannot be sent as a bearer token, or `undefined` when it can. */
export function invalidTokenReason(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return 'it is missing or empty';
  if (value.length > MAX_TOKEN_LENGTH) return `it is longer than ${MAX_TOKEN_LENGTH} characters`;
  if (!B64TOKEN.test(value))
    return 'it holds characters a bearer token may not (RFC 6750 b64token: no whitespace, control or non-ASCII characters)';
  return undefined;
}

function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

/**
 * Decode a JWT's payload without verifying it (diagnostics and expiry cross-check only, never
 * trust). Returns `undefined` for anything that is not a three-part JWT with a JSON object payload.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const first = token.indexOf('.');
  if (first <= 0) return undefined;
  const second = token.indexOf('.', first + 1);
  if (second < 0 || token.indexOf('.', second + 1) >= 0) return undefined;
  const segment = token.slice(first + 1, second);
  if (segment.length === 0 || !/^[A-Za-z0-9_-]+={0,2}$/.test(segment)) return undefined;
  const bytes = fromBase64(segment);
  if (bytes === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
    return payload as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The JWT `exp` claim in epoch ms, when it is a sane number. */
export function jwtExpiryMs(
  claims: Readonly<Record<string, unknown>> | undefined,
): number | undefined {
  const exp = claims?.['exp'];
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= 0) return undefined;
  const ms = exp * 1000;
  return ms <= Number.MAX_SAFE_INTEGER ? ms : undefined;
}

/** A string array claim (`authorities`, `scope`), or `[]`. */
export function stringArrayClaim(
  claims: Readonly<Record<string, unknown>> | undefined,
  name: string,
): readonly string[] {
  const value = claims?.[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(' ').filter((v) => v.length > 0);
  return [];
}

/** What an {@link AccessToken} is built from. */
export interface AccessTokenInit {
  /** The raw token, as the token endpoint sent it in `access_token`. */
  readonly value: string;
  /** Epoch ms after which the token must not be used. */
  readonly expiresAt: number;
  /** Epoch ms when the request that obtained the token was sent. */
  readonly issuedAt: number;
  /** Granted scopes; when omitted, the JWT's `scope` claim (or `[]`). */
  readonly scope?: readonly string[] | undefined;
  /** The token's id; when omitted, the JWT's `jti` claim (if any). */
  readonly jti?: string | undefined;
  /** Claims to report instead of decoding `value` (e.g. for an opaque token); kept as given. */
  readonly claims?: Record<string, unknown> | undefined;
}

/** Frozen scope lists, shared by every token with the same scopes (most pools have one). */
const SCOPES = new Map<string, readonly string[]>();

function sharedScope(list: readonly string[]): readonly string[] {
  const key = list.join(' ');
  let scope = SCOPES.get(key);
  if (scope === undefined) {
    scope = Object.freeze([...list]);
    if (SCOPES.size < 64) SCOPES.set(key, scope);
  }
  return scope;
}

/**
 * A bearer access token. `value` is the raw token (send it, never log it); `toString()`,
 * `toJSON()` and `util.inspect()` show only a short redacted prefix. The JWT payload is not kept:
 * `claims` and `authorities` decode it on each read (a cached token costs little more than its
 * value, which matters for a pool of many merchants).
 */
export class AccessToken implements AccessTokenLike {
  readonly #value: string;
  readonly #claims: Readonly<Record<string, unknown>> | undefined;
  /** Epoch ms after which the token must not be used. */
  readonly expiresAt: number;
  /** Epoch ms when the request that obtained the token was sent. */
  readonly issuedAt: number;
  /**
   * Granted scopes, as the server sent them but redacted (a secret it echoed is removed); data:
   * `toJSON()` and `inspect()` show them with control and format characters escaped.
   */
  readonly scope: readonly string[];
  /**
   * The token's `jti` (from the response or the JWT), as sent but redacted; the views show it
   * escaped.
   */
  readonly jti: string | undefined;

  constructor(init: AccessTokenInit) {
    this.#value = init.value;
    this.expiresAt = init.expiresAt;
    this.issuedAt = init.issuedAt;
    this.#claims = init.claims === undefined ? undefined : Object.freeze({ ...init.claims });
    const claims = init.scope === undefined || init.jti === undefined ? this.claims : undefined;
    this.scope = sharedScope(init.scope ?? stringArrayClaim(claims, 'scope'));
    const claimJti = claims?.['jti'];
    this.jti = init.jti ?? (typeof claimJti === 'string' ? claimJti : undefined);
  }

  /** Always `"Bearer"`. */
  get tokenType(): 'Bearer' {
    return 'Bearer';
  }

  /** The decoded, **unverified** JWT payload (decoded on each read); `undefined` for opaque tokens. */
  get claims(): Readonly<Record<string, unknown>> | undefined {
    if (this.#claims !== undefined) return this.#claims;
    const claims = decodeJwtPayload(this.#value);
    return claims === undefined ? undefined : Object.freeze(claims);
  }

  /** The JWT `authorities` claim, or `[]` (decoded on each read). */
  get authorities(): readonly string[] {
    return Object.freeze([...stringArrayClaim(this.claims, 'authorities')]);
  }

  /** The raw token for `Authorization: Bearer <value>`. Not an own property: not copied by spread. */
  get value(): string {
    return this.#value;
  }

  /** Whether the token's `authorities` include `name`. */
  hasAuthority(name: string): boolean {
    return this.authorities.includes(name);
  }

  /** Milliseconds of life left at `now` (negative when expired). */
  remainingMs(now: number = Date.now()): number {
    return this.expiresAt - now;
  }

  /** The serialisable record kept by a {@link TokenStore}. */
  toStored(): StoredToken {
    return {
      value: this.#value,
      expiresAt: this.expiresAt,
      issuedAt: this.issuedAt,
      scope: this.scope,
    };
  }

  /** Rebuild a token from a store record. */
  static fromStored(stored: StoredToken): AccessToken {
    return new AccessToken(stored);
  }

  /** Redacted: `Bearer eyJhbG…(412 chars)`. */
  toString(): string {
    return `Bearer ${redactToken(this.#value)}`;
  }

  /**
   * Redacted JSON view (no token value); `scope` and `jti` came from the server, so they are
   * shown as outside text (control and format characters escaped, capped).
   */
  toJSON(): Record<string, unknown> {
    return {
      tokenType: this.tokenType,
      value: redactToken(this.#value),
      expiresAt: iso(this.expiresAt),
      issuedAt: iso(this.issuedAt),
      scope: this.scope.slice(0, 64).map((s) => outsideText(s)),
      jti: this.jti === undefined ? undefined : outsideText(this.jti),
      authorities: this.authorities.length,
    };
  }

  /** Redacted `util.inspect()` / `console.log()` view (`scope` and `jti` as outside text). */
  [INSPECT](): string {
    const scope = outsideText(this.scope.join(' '));
    return `AccessToken { ${redactToken(this.#value)}, expiresAt: ${iso(this.expiresAt)}, scope: [${scope}], jti: ${outsideText(this.jti ?? '-')} }`;
  }
}

/** When a token enters its refresh window (served at once, one background refresh) and its must-refresh window (callers wait), epoch ms. */
export interface RefreshTimes {
  readonly refreshAt: number;
  readonly mustRefreshAt: number;
}

/** The window settings (from `refreshWindow` / `mustRefreshWindow`). */
export interface WindowSettings {
  readonly refreshRatio: number;
  readonly refreshMaxMs: number;
  readonly mustRatio: number;
  readonly mustMaxMs: number;
}

/**
 * Windows that scale with the lifetime `L = expiresAt - issuedAt`: refresh window
 * `min(L × refreshRatio, refreshMaxMs)`, must-refresh window `min(L × mustRatio, mustMaxMs)`.
 * Defaults 0.25/1 h and 0.1/30 s: a 2 s token refreshes at 1.5 s and callers wait from 1.8 s.
 */
export function refreshTimes(
  issuedAt: number,
  expiresAt: number,
  settings: WindowSettings,
): RefreshTimes {
  const lifetime = Math.max(0, expiresAt - issuedAt);
  const must = Math.min(lifetime * settings.mustRatio, settings.mustMaxMs);
  const refresh = Math.max(must, Math.min(lifetime * settings.refreshRatio, settings.refreshMaxMs));
  return { refreshAt: expiresAt - refresh, mustRefreshAt: expiresAt - must };
}

/**
 * A refreshing source's token, the time it stays fresh until (the refresh window's start), and
 * the settled promise of it that every hit returns (made once per token: a hit allocates nothing
 * and its `await` has no thenable to look up). A new slot for every change, never changed.
 */
export interface TokenSlot {
  readonly token: AccessToken | undefined;
  readonly refreshAt: number;
  readonly settled: Promise<AccessToken> | undefined;
}

/** The slot of no token. */
export const EMPTY_SLOT: TokenSlot = Object.freeze({
  token: undefined,
  refreshAt: -Infinity,
  settled: undefined,
});
