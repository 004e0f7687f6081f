import type { Dispatcher } from 'undici';
import { AuthorizedRequest } from './authorized-request';
import { RequestHeaders } from './headers';
import { sourceSelector } from './select-source';
import type { AdumoInterceptorOptions, InterceptorTokens } from './types';

/**
 * An undici interceptor, for `Dispatcher.compose`, that sends every request to the Adumo origin
 * with `Authorization: Bearer <token>` and lets every other request through untouched.
 *
 * - `tokens`: a `TokenManager`, any `TokenSource` (e.g. `pool.source(id)`), or
 *   `{ pool, merchant }` to pick a merchant per request (default: the `x-adumo-merchant` header,
 *   removed before sending).
 * - The token goes only to the source's `baseUrl` origin and `options.allowedOrigins`, over https
 *   (http for loopback only); a request anywhere else is dispatched as it came: no token is
 *   requested, no header added. Each redirect hop is decided anew, so a redirect to another origin
 *   never carries the token.
 * - A request that already has an `Authorization` header is sent as it is (no token, no resend).
 * - On a 401 from the Adumo origin, the token that was sent is invalidated (compare-and-invalidate)
 *   and the request is sent once more with the next one, when its body is replayable (none, a
 *   string, a `Buffer`, a `Uint8Array`); otherwise the 401 comes back as it is.
 * - No token, no request: when the token cannot be had the request fails with the core's typed
 *   error (`AdumoOAuthError`) and nothing is sent.
 *
 * @example
 * import { Agent, setGlobalDispatcher } from 'undici';
 * setGlobalDispatcher(new Agent().compose(adumoInterceptor(tokens)));
 * await fetch(`${tokens.baseUrl}/products/ping`); // authorized
 */
export function adumoInterceptor(
  tokens: InterceptorTokens,
  options: AdumoInterceptorOptions = {},
): Dispatcher.DispatcherComposeInterceptor {
  const selector = sourceSelector(tokens, options.allowedOrigins);
  const retry = options.retryOnUnauthorized ?? true;
  // The last origin asked about and the answer: most requests go to one origin.
  let lastOrigin = '';
  let lastAllowed = false;
  const allows = (origin: string): boolean => {
    if (origin !== lastOrigin) {
      lastAllowed = selector.policy.allows(origin);
      lastOrigin = origin;
    }
    return lastAllowed;
  };

  // undici 8 passes the origin of a Client or Pool the interceptor is composed onto.
  return (dispatch, boundOrigin?: string | null) =>
    function adumoDispatch(opts, handler) {
      const given = opts.origin ?? boundOrigin ?? undefined;
      const origin = given === undefined ? '' : typeof given === 'string' ? given : given.origin;
      if (origin === '' || !allows(origin) || selector.isTokenRequest(origin, opts.path)) {
        return dispatch(opts, handler);
      }
      // A handler of the old callback API (undici 8 with Node 22/24's bundled fetch, without
      // `Dispatcher1Wrapper`) goes on as it came: the dispatcher below refuses it as it would
      // without this interceptor.
      if (typeof handler.onResponseStart !== 'function') return dispatch(opts, handler);
      const headers = new RequestHeaders(opts.headers);
      if (headers.get('authorization') !== undefined) return dispatch(opts, handler);
      let source;
      try {
        source = selector.sourceFor(origin, opts.path, opts.method, headers);
      } catch (error) {
        handler.onResponseError?.(null as never, error as Error);
        return false;
      }
      const request = new AuthorizedRequest(
        dispatch,
        opts,
        handler,
        source,
        headers,
        selector.strip,
        retry,
      );
      request.start();
      return true;
    };
}
