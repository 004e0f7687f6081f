import { AdumoOAuthError } from './errors';
import type { AccessTokenLike, GetTokenOptions, TokenSource } from './types';

/**
 * The one rule every HTTP adapter (fetch, axios, undici) follows when the API answers 401 to a
 * request sent with `used`: compare-and-invalidate `used` (only that token: a newer one another
 * caller already got is kept), then get the next token. Resolves to the token to resend with, or
 * `undefined` when a resend would not help (the source handed back the same token, so the API
 * would answer the same). The caller resends at most once, and only when its body is replayable.
 * A source without `invalidate` is asked for a forced refresh instead.
 */
export async function tokenAfterUnauthorized(
  source: Pick<TokenSource, 'getToken' | 'invalidate'>,
  used: AccessTokenLike,
  options: Pick<GetTokenOptions, 'signal'> = {},
): Promise<AccessTokenLike | undefined> {
  const wait = options.signal === undefined ? {} : { signal: options.signal };
  if (source.invalidate === undefined) {
    const fresh = await source.getToken({ ...wait, forceRefresh: true });
    return fresh.value === used.value ? undefined : fresh;
  }
  await source.invalidate(used);
  const fresh = await source.getToken(wait);
  return fresh.value === used.value ? undefined : fresh;
}

/**
 * The `Authorization` header value for `token`: `Bearer <value>`. Throws an
 * an `invalid_response` error when a (custom) token source handed back no usable value, so no adapter
 * ever sends `Bearer undefined`.
 */
export function bearer(token: AccessTokenLike): string {
  if (typeof token?.value !== 'string' || token.value === '') {
    throw new AdumoOAuthError(
      'invalid_response',
      'The token source returned no access token value',
    );
  }
  return `Bearer ${token.value}`;
}
