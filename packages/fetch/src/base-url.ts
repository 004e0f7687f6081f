import { AdumoOAuthError } from '@adumo-oauth/core';

/** Longest part of a refused path quoted in the error message. */
const MAX_QUOTED = 120;

/**
 * The one place where a path relative to the Adumo base URL becomes an absolute URL, for every
 * HTTP integration built on the authorized fetch (fetch, Express's `req.adumo.fetch`, Nest's
 * injected fetch and `AdumoMerchants.fetch(id)`).
 *
 * Given the token source's `baseUrl` (read once, when the fetch is created), returns the function
 * that resolves a path **starting with `/`**: the path is appended to the base URL, so a base URL
 * with a path prefix keeps it (`https://host/api` + `/products/x` → `https://host/api/products/x`;
 * a trailing `/` of the base, its query and fragment are dropped). The result is then parsed like
 * any URL: `..` segments may leave the base path but never its origin (the base URL's authority
 * always ends before the path, so `//other.host/x`, `/@other.host` or `/..//other.host` stay
 * paths on the base URL's host), and it is still checked by the origin policy.
 *
 * Without a `baseUrl` (a hand-written source given `allowedOrigins`), resolving throws a
 * `config` {@link AdumoOAuthError} that names the problem, before any token is requested or anything is sent.
 */
export function pathResolver(baseUrl: unknown): (path: string) => string {
  const prefix =
    typeof baseUrl === 'string' && URL.canParse(baseUrl) ? trimmed(baseUrl) : undefined;
  if (prefix !== undefined) return (path) => prefix + path;
  return (path) => {
    const shown = path.replace(/[?#][\s\S]*$/, '').slice(0, MAX_QUOTED);
    throw new AdumoOAuthError(
      'config',
      `Cannot resolve the relative path ${JSON.stringify(shown)}: the token source has no ` +
        'baseUrl. Pass an absolute URL, or a source with a baseUrl (a TokenManager, ' +
        'pool.source(merchantId), or your own source with a baseUrl property).',
    );
  };
}

/** `origin` + path of `baseUrl`, without a trailing `/`, query or fragment. */
function trimmed(baseUrl: string): string {
  const url = new URL(baseUrl);
  return url.origin + url.pathname.replace(/\/+$/, '');
}
