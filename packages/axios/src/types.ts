import type { AuthorizedRequestOptions } from '@adumo-oauth/fetch';

/**
 * Options for {@link attachAdumoToken} (and the third argument of {@link createAdumoAxios}): the
 * shared `retryOnUnauthorized` and `allowedOrigins` of every Adumo HTTP integration. Requests to
 * an origin that is not allowed pass through the instance untouched, without the token; the
 * resend after a 401 is for replayable data only.
 */
export type AdumoAxiosOptions = AuthorizedRequestOptions;
