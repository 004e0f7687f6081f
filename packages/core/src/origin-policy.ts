import { AdumoOAuthError, setErrorName } from './errors';
import { isLoopbackHost } from './env';
import type { TokenSource } from './types';

/**
 * Which origins may receive a token source's access token: the source's `baseUrl` origin plus any
 * `allowedOrigins`, each over `https` (plain `http` only for loopback hosts: 127.0.0.0/8, `::1`,
 * `localhost`). Every HTTP adapter (fetch, axios, Express, NestJS) asks this before attaching the
 * token, on every request and every redirect hop.
 */
export interface OriginPolicy {
  /** The allowed origins, normalised (`https://host[:port]`). */
  readonly origins: readonly string[];
  /** Whether `url` (absolute) may carry the token. Never throws; an unparsable URL is not allowed. */
  allows(url: string | URL): boolean;
  /** Throw an {@link OriginNotAllowedError} unless {@link OriginPolicy.allows} `url`. */
  assertAllowed(url: string | URL): void;
}

/**
 * Thrown by the authorized fetch, before anything is sent or any token is requested, for a URL
 * whose origin may not receive the token. `code` is `'origin_not_allowed'` (the fix is
 * `allowedOrigins`). The message names the refused origin only: never the path, the query string
 * or a token.
 */
export class OriginNotAllowedError extends AdumoOAuthError {
  /** The refused origin (`scheme://host[:port]`), without path, query or credentials. */
  readonly origin: string;

  constructor(origin: string, allowed: readonly string[]) {
    super(
      'origin_not_allowed',
      `Refusing to send the Adumo token to ${origin}: not an allowed origin ` +
        `(${allowed.join(', ')}); add it to allowedOrigins if it must receive the token`,
    );
    this.origin = origin;
  }
}
setErrorName(OriginNotAllowedError, 'OriginNotAllowedError');

/**
 * Build the {@link OriginPolicy} for `source` (its `baseUrl`) and `allowedOrigins`. Throws a
 * `config` error when an origin is not a URL, uses plain `http` off loopback, or when there is no
 * origin at all (a source without `baseUrl` and no `allowedOrigins`).
 */
export function createOriginPolicy(
  source: Pick<TokenSource, 'baseUrl'>,
  allowedOrigins: readonly string[] | undefined,
): OriginPolicy {
  if (allowedOrigins !== undefined && !Array.isArray(allowedOrigins)) {
    throw new AdumoOAuthError('config', 'allowedOrigins must be an array of origins');
  }
  const extra: readonly unknown[] = allowedOrigins ?? [];
  const given = [...(typeof source.baseUrl === 'string' ? [source.baseUrl] : []), ...extra];
  if (given.length === 0) {
    throw new AdumoOAuthError(
      'config',
      'No origin may receive the token: the token source has no baseUrl; pass allowedOrigins ' +
        '(e.g. ["https://apiv3.adumoonline.com"])',
    );
  }
  const origins = [...new Set(given.map(checkedOrigin))];
  const policy: OriginPolicy = {
    origins,
    allows(url) {
      const parsed = parse(url);
      return parsed !== undefined && isSecure(parsed) && origins.includes(parsed.origin);
    },
    assertAllowed(url) {
      if (!policy.allows(url)) throw new OriginNotAllowedError(displayOrigin(url), origins);
    },
  };
  return policy;
}

function checkedOrigin(value: unknown): string {
  const url = typeof value === 'string' ? parse(value) : undefined;
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new AdumoOAuthError(
      'config',
      `allowedOrigins: not an http(s) URL: ${typeof value === 'string' ? displayOrigin(value) : typeof value}`,
    );
  }
  if (!isSecure(url)) {
    throw new AdumoOAuthError(
      'config',
      `the token may only go over https (plain http only for loopback hosts): ${url.origin}`,
    );
  }
  return url.origin;
}

function isSecure(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

function parse(url: string | URL): URL | undefined {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** `scheme://host[:port]` of `url`, for messages: no credentials, path or query. */
function displayOrigin(url: string | URL): string {
  const parsed = parse(url);
  return parsed === undefined ? '(not a URL)' : `${parsed.protocol}//${parsed.host}`;
}
