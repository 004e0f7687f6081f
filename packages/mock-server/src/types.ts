import type { MockMerchantsOptions } from './merchants';

/** A client the mock token endpoint accepts. */
export interface MockClientConfig {
  /** The `client_id`. */
  readonly clientId: string;
  /** The `client_secret`. */
  readonly clientSecret: string;
  /** Adumo permission names put in the JWT `authorities` claim; default: every known Adumo authority. */
  readonly authorities?: readonly string[] | undefined;
  /** Token lifetime in seconds; default 599999 like the real server. */
  readonly tokenLifetimeSeconds?: number | undefined;
  /** Scopes the client may get; default `['read']`. */
  readonly scope?: readonly string[] | undefined;
}

/** A client with every default filled in. */
export interface MockClient {
  /** The `client_id`. */
  readonly clientId: string;
  /** The `client_secret`. */
  readonly clientSecret: string;
  /** Adumo permission names put in the JWT `authorities` claim. */
  readonly authorities: readonly string[];
  /** Token lifetime in seconds (`expires_in`, and `exp` minus the issue time). */
  readonly tokenLifetimeSeconds: number;
  /** Scopes the client may get. */
  readonly scope: readonly string[];
}

/** Options of {@link startMockAdumo}. */
export interface MockAdumoOptions {
  /** TCP port on 127.0.0.1; default 0 (a free port). */
  readonly port?: number | undefined;
  /** Accepted clients; default `[DEFAULT_CLIENT]`. */
  readonly clients?: readonly MockClientConfig[] | undefined;
  /** Clock in epoch milliseconds, used for `exp`, `expires_in`, API expiry checks and fault windows. */
  readonly now?: (() => number) | undefined;
  /** HS256 signing key of the issued JWTs; random by default. */
  readonly signingSecret?: string | undefined;
  /**
   * Accept `count` generated merchants without listing them: client ids `${prefix}1` …
   * `${prefix}${count}` (prefix default `'merchant-'`), each with the secret
   * `merchantSecret(clientId)` and the client defaults. Sugar over {@link clientRule}.
   */
  readonly merchants?: MockMerchantsOptions | undefined;
  /**
   * Consulted (on every lookup, O(1) if your function is) for a client id that is not in the
   * registry: return its config to accept it, `undefined` to refuse it. The returned `clientId`
   * must be the one asked for. Checked before the `merchants` rule.
   */
  readonly clientRule?: ((clientId: string) => MockClientConfig | undefined) | undefined;
  /**
   * Added to the mock's clock for the `Date` header of every response (e.g. `-120_000`: the
   * server's clock is 2 minutes behind), so clients can test clock-skew detection. Default 0;
   * change it at run time with `faults.clockSkew(ms)`.
   */
  readonly dateOffsetMs?: number | undefined;
}

/** The registry of accepted clients; changes apply to the next token request. */
export interface MockClients {
  /** Add (or replace) a client. */
  add(config: MockClientConfig): MockClient;
  /**
   * Change some settings of a known client, e.g. `{ tokenLifetimeSeconds: 2 }`; a client accepted
   * by a rule (`merchants`, `clientRule`) is added to the registry with the changes. Throws for unknown ids.
   */
  update(clientId: string, changes: Partial<Omit<MockClientConfig, 'clientId'>>): MockClient;
  /** The client with this id, if any: a listed one, else one a rule accepts. */
  get(clientId: string): MockClient | undefined;
  /** Every listed client, in insertion order (clients accepted by a rule only are not listed). */
  list(): MockClient[];
}

/** A point-in-time copy of the mock's counters. */
export interface MockStatsSnapshot {
  /** Every request that reached `/oauth/token`, whatever its outcome. */
  readonly tokenRequests: number;
  /** Per claimed client id (`(none)` when none was sent): outcome (`issued`, `invalid_client`, `fault:<kind>`, …) → count. */
  readonly tokenRequestsByClient: Record<string, Record<string, number>>;
  /** Token endpoint answers per HTTP status (resets and hangs have no status and are not counted here). */
  readonly tokenResponsesByStatus: Record<string, number>;
  /** Every request to the product API (`/products/...`). */
  readonly apiCalls: number;
  /** Product API answers per HTTP status. */
  readonly apiCallsByStatus: Record<string, number>;
  /** Product API calls per path. */
  readonly apiCallsByPath: Record<string, number>;
  /**
   * Authorised product API calls (answered 200: valid token with the scope and authority the path
   * needs) per `client_id` of the verified token.
   */
  readonly apiCallsByClient: Record<string, number>;
}

/** Live counters of a running mock. */
export interface MockStats {
  /** Total token requests so far (same as `snapshot().tokenRequests`). */
  readonly tokenRequests: number;
  /** A copy of every counter. */
  snapshot(): MockStatsSnapshot;
  /** Set every counter back to zero. */
  reset(): void;
}

/** Which requests a latency fault delays. */
export type LatencyTarget = 'token' | 'api' | 'all';

/** What the next token responses look like instead of a normal answer. */
export type TokenFaultKind =
  | 'malformed-json'
  | 'html'
  | 'truncated'
  | 'reset'
  | 'hang'
  | 'missing-access-token'
  | 'expires-in-string'
  | 'expires-in-negative'
  | 'expires-in-huge'
  | 'token-type-mac'
  | 'xml';

/** Options of {@link MockFaults.failTokenRequests}. */
export interface FailTokenRequestsOptions {
  /** HTTP status to answer with, e.g. 500, 503 or 429. */
  readonly status: number;
  /** Fail only this many requests. */
  readonly count?: number | undefined;
  /** Fail only for this long (measured with the mock's clock). */
  readonly durationMs?: number | undefined;
  /** Send `Retry-After: <seconds>`. */
  readonly retryAfterSeconds?: number | undefined;
}

/** Programmatic fault injection. */
export interface MockFaults {
  /** Delay responses by `ms` (0 removes the delay); target defaults to `'token'`. */
  latency(ms: number, options?: { readonly target?: LatencyTarget | undefined }): void;
  /** Answer token requests with an error status, for a count, a time window, or until {@link clear}. */
  failTokenRequests(options: FailTokenRequestsOptions): void;
  /** Answer the next `count` (default 1) token requests with a broken or non-token response. */
  nextTokenResponses(kind: TokenFaultKind, count?: number): void;
  /** Make the product API reject every token issued so far (401 `invalid_token`). */
  revokeAll(): void;
  /**
   * Shift the `Date` header of every response to the mock's clock + `ms` (negative: the server is
   * behind). Replaces the `dateOffsetMs` option until {@link clear}.
   */
  clockSkew(ms: number): void;
  /**
   * Remove latency, failures and queued responses, and set the clock skew back to the
   * `dateOffsetMs` option (revoked tokens stay revoked).
   */
  clear(): void;
}

/** A running mock Adumo server. */
export interface MockAdumo {
  /** `http://127.0.0.1:PORT`. */
  readonly baseUrl: string;
  /** `baseUrl + '/oauth/token'`. */
  readonly tokenUrl: string;
  /** The port it listens on. */
  readonly port: number;
  /** Accepted clients. */
  readonly clients: MockClients;
  /** Request counters. */
  readonly stats: MockStats;
  /** Fault injection. */
  readonly faults: MockFaults;
  /** Stop listening and destroy every open connection, including hanging ones. */
  close(): Promise<void>;
}
