import type { IncomingMessage, ServerResponse } from 'node:http';

/** Exactly the call signature of the global `fetch`. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A Connect/Express-style middleware. */
export type Middleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/** Where a driver gets its tokens from. The secret is never printed. */
export interface DriverConfig {
  /** The mock's base URL, e.g. `http://127.0.0.1:PORT`. */
  readonly baseUrl: string;
  /** `baseUrl + '/oauth/token'`. */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Set in the fleet scenario: drivers that can share a cache through Redis use it. */
  readonly redisUrl?: string | undefined;
}

/** One configured client of one library, as a user of that library would set it up. */
export interface DriverInstance {
  /** Resolve an access token the way the library's documentation says to. */
  getToken(): Promise<string>;
  /** Send an API request with the token attached (the library's own fetch wrapper, or by hand). */
  fetch: FetchLike;
  /**
   * The same transport without any token handling (e.g. a bare axios instance), which the
   * wrapper-overhead scenario compares `fetch` with. Default: the global `fetch`.
   */
  plainFetch?: FetchLike | undefined;
  /** The library's own Express middleware, when it has one; otherwise the bench wraps `getToken`. */
  middleware?: Middleware | undefined;
  /** Release timers, sockets and connections. */
  close(): Promise<void>;
}

/** A library (or baseline) under test. Adding a library is adding one file that exports one of these. */
export interface Driver {
  /** Short column name in the results table. */
  readonly name: string;
  /** `ours` (the adumo-oauth packages), `baseline` (naive / ideal) or `other` (another library). */
  readonly kind: 'ours' | 'baseline' | 'other';
  /** How the driver uses the library, one line for the README/results notes. */
  readonly description: string;
  /** Whether the driver caches tokens (false: every call makes a token request). */
  readonly caches: boolean;
  /** Whether the driver can share its cache across processes (used by the fleet scenario). */
  readonly sharesCache?: boolean | undefined;
  create(config: DriverConfig): DriverInstance;
}
