import { AdumoOAuthError, type TokenSource } from '@adumo-oauth/core';
import { createOriginPolicy, outsideText, type OriginPolicy } from '@adumo-oauth/core/adapter';
import type { RequestHeaders } from './headers';
import type { InterceptorTokens, MerchantRequest, PoolTokens } from './types';

/** The request header that names the merchant by default, in pool mode. */
export const MERCHANT_HEADER = 'x-adumo-merchant';

/**
 * Which token source a request to an Adumo origin is sent with, and which header to strip.
 * @internal
 */
export interface SourceSelector {
  readonly policy: OriginPolicy;
  /** The header removed before sending (the merchant header in pool mode). */
  readonly strip: string | undefined;
  /**
   * Whether a request is the token request itself: its path ends with `/oauth/token`, or it is
   * the token URL that the `TokenManager` or `TokenPool` describes (`toJSON().tokenUrl`). It takes
   * credentials, never a bearer token, and must not wait for the token it fetches.
   */
  isTokenRequest(origin: string, path: string): boolean;
  /** The source for this request; throws an `AdumoOAuthError` (`config`) when a pool request names no merchant. */
  sourceFor(origin: string, path: string, method: string, headers: RequestHeaders): TokenSource;
}

/**
 * Read `tokens` once: a {@link TokenSource} (anything with `getToken`) or `{ pool, merchant }`.
 * Throws an `AdumoOAuthError` (`config`) for anything else, or when no origin may receive the token.
 * @internal
 */
export function sourceSelector(
  tokens: InterceptorTokens,
  allowedOrigins: readonly string[] | undefined,
): SourceSelector {
  const given = tokens as Partial<TokenSource & PoolTokens> | null | undefined;
  if (typeof given?.getToken === 'function') {
    const source = tokens as TokenSource;
    return {
      policy: createOriginPolicy(source, allowedOrigins),
      isTokenRequest: tokenRequestTest(source),
      strip: undefined,
      sourceFor: () => source,
    };
  }
  if (typeof given?.pool?.source !== 'function') {
    throw new AdumoOAuthError(
      'config',
      'adumoInterceptor needs a TokenManager, a token source (e.g. pool.source(id)) or { pool, merchant }',
    );
  }
  const { pool } = given;
  const merchant =
    given.merchant ?? ((request: MerchantRequest) => request.header(MERCHANT_HEADER));
  if (typeof merchant !== 'function') {
    throw new AdumoOAuthError(
      'config',
      'adumoInterceptor: merchant must be a function of the request',
    );
  }
  return {
    policy: createOriginPolicy(pool, allowedOrigins),
    isTokenRequest: tokenRequestTest(pool),
    strip: MERCHANT_HEADER,
    sourceFor(origin, path, method, headers) {
      const id = merchant({ origin, path, method, header: (name) => headers.get(name) });
      if (typeof id !== 'string' || id === '') {
        throw new AdumoOAuthError(
          'config',
          `No merchant for a request to ${outsideText(origin)}: set the ${MERCHANT_HEADER} header ` +
            'or return a merchant id from the merchant selector',
        );
      }
      return pool.source(id);
    },
  };
}

/** The test of {@link SourceSelector.isTokenRequest} for `tokens` (read once). */
function tokenRequestTest(tokens: unknown): (origin: string, path: string) => boolean {
  let url: unknown;
  try {
    url = ((tokens as { toJSON?: () => unknown }).toJSON?.() as { tokenUrl?: unknown })?.tokenUrl;
  } catch {
    url = undefined; // a source that cannot describe itself: the path rule alone
  }
  const own = typeof url === 'string' && URL.canParse(url) ? new URL(url) : undefined;
  return (origin, path) => {
    const end = path.indexOf('?');
    const pathname = end === -1 ? path : path.slice(0, end);
    if (pathname.endsWith('/oauth/token')) return true;
    return own !== undefined && origin === own.origin && pathname === own.pathname;
  };
}
