import type { TokenSource } from '@adumo-oauth/core';
import { bearer, createOriginPolicy, tokenAfterUnauthorized } from '@adumo-oauth/core/adapter';
import { pathResolver } from './base-url';
import { prepareRequest, sendOnce } from './build-request';
import { hasReplayableBody } from './replayable-body';
import { cancelBody } from './cancel-body';
import { followRedirects, isRedirect, sendWithRedirects } from './follow-redirects';
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
  // A URL that starts with one of these has that origin: no parsing needed to check it.
  const allowedPrefixes = policy.origins.map((origin) => `${origin}/`);
  const resolvePath = pathResolver(source.baseUrl);

  return async function authorizedFetch(given, init) {
    const send = options.fetch ?? globalThis.fetch;
    // A path (`/products/…`) is resolved against the base URL; anything else goes as it is.
    const input = typeof given === 'string' && given.startsWith('/') ? resolvePath(given) : given;
    // Prepared before the token is requested: a bad input fails like fetch does, with nothing sent.
    const outgoing = prepareRequest(input, init, send, allowedPrefixes);
    // Another origin never gets the token: refused before a token is requested or anything sent.
    if (!outgoing.originChecked) policy.assertAllowed(outgoing.url);
    const { signal } = outgoing;
    const token = await source.getToken({ signal });
    const authorization = bearer(token);
    let response = await sendOnce(send, outgoing, authorization);
    // Redirects are handled only when one comes back (the request went with redirect `manual`).
    if (outgoing.redirect === 'follow' && isRedirect(response.status)) {
      response = await followRedirects(send, outgoing, authorization, policy, response);
    }
    if (response.status !== 401 || !retryOnUnauthorized || !hasReplayableBody(input, init)) {
      return response;
    }

    let fresh;
    try {
      fresh = await tokenAfterUnauthorized(source, token, { signal });
    } catch (error) {
      await cancelBody(response);
      throw error;
    }
    // The same token again would get the same answer: hand back the API's 401 untouched.
    if (fresh === undefined) return response;
    await cancelBody(response);
    const again = prepareRequest(input, init, send, allowedPrefixes);
    return sendWithRedirects(send, again, bearer(fresh), policy);
  };
}
