import { InvalidResponseError, type AccessTokenLike, type TokenSource } from '@adumo-oauth/core';
import { prepareRequest } from './build-request';
import { hasReplayableBody } from './replayable-body';
import { cancelBody } from './cancel-body';
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

  return async function authorizedFetch(input, init) {
    const send = options.fetch ?? globalThis.fetch;
    // Prepared before the token is requested: a bad input fails like fetch does, with nothing sent.
    const outgoing = prepareRequest(input, init, send);
    const { signal } = outgoing;
    const token = await source.getToken({ signal });
    const response = await send(...outgoing.withToken(tokenValue(token)));
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
    return send(...prepareRequest(input, init, send).withToken(tokenValue(fresh)));
  };
}

function tokenValue(token: AccessTokenLike): string {
  if (typeof token?.value !== 'string' || token.value === '') {
    throw new InvalidResponseError('The token source returned no access token value');
  }
  return token.value;
}
