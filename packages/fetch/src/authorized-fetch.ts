import { AdumoOAuthError, type AccessTokenLike, type TokenSource } from '@adumo-oauth/core';
import { createOriginPolicy } from '@adumo-oauth/core/adapter';
import { pathResolver } from './base-url';
import { prepareRequest } from './build-request';
import { hasReplayableBody } from './replayable-body';
import { cancelBody } from './cancel-body';
import { sendWithRedirects } from './follow-redirects';
import type { AuthorizedFetchOptions, FetchLike } from './types';

/**
 * The authorized fetch for one token source: see {@link createAuthorizedFetch}.
 * @internal
 */
export function authorizedFetchFor(
  source: TokenSource,
  options: AuthorizedFetchOptions,
): FetchLike {
  const retryOnUnauthorized = options.retryOnUnauthorized ?? true;
  const policy = createOriginPolicy(source, options.allowedOrigins);
  const resolvePath = pathResolver(source.baseUrl);

  return async function authorizedFetch(given, init) {
    const send = options.fetch ?? globalThis.fetch;
    // A path (`/products/…`) is resolved against the base URL; anything else goes as it is.
    const input = typeof given === 'string' && given.startsWith('/') ? resolvePath(given) : given;
    // Prepared before the token is requested: a bad input fails like fetch does, with nothing sent.
    const outgoing = prepareRequest(input, init, send);
    // Another origin never gets the token: refused before a token is requested or anything sent.
    policy.assertAllowed(outgoing.url);
    const { signal } = outgoing;
    const caller = { input, init };
    const token = await source.getToken({ signal });
    const response = await sendWithRedirects(send, outgoing, tokenValue(token), policy, caller);
    if (response.status !== 401 || !retryOnUnauthorized || !hasReplayableBody(input, init)) {
      return response;
    }

    let fresh: AccessTokenLike;
    try {
      await source.invalidate?.(token);
      fresh = await source.getToken(
        source.invalidate === undefined ? { signal, forceRefresh: true } : { signal },
      );
    } catch (error) {
      await cancelBody(response);
      throw error;
    }
    // The same token again would get the same answer: hand back the API's 401 untouched.
    if (fresh.value === token.value) return response;
    await cancelBody(response);
    const again = prepareRequest(input, init, send);
    return sendWithRedirects(send, again, tokenValue(fresh), policy, caller);
  };
}

function tokenValue(token: AccessTokenLike): string {
  if (typeof token?.value !== 'string' || token.value === '') {
    throw new AdumoOAuthError(
      'invalid_response',
      'The token source returned no access token value',
    );
  }
  return token.value;
}
