import type { OriginPolicy } from '@adumo-oauth/core/adapter';
import { fetchOnlyInit, hopHeaders, sendOnce, type Outgoing } from './build-request';
import { cancelBody } from './cancel-body';
import { hasReplayableBody } from './replayable-body';
import type { FetchLike } from './types';

/** Like `fetch`: at most 20 redirects are followed. */
const MAX_REDIRECTS = 20;
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language'];

/** Whether `status` is one `fetch` follows (301, 302, 303, 307, 308). */
export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * Send `outgoing` with `authorization` and, when the caller's redirect mode is `follow` and a
 * redirect comes back, follow it here, hop by hop, as `fetch` would (303 → GET; 301/302 turn POST
 * into GET; 307/308 keep method and body) — but only to origins the policy allows, each hop with
 * the token. Nothing of this runs unless a 3xx comes back.
 *
 * A redirect to any other origin is **not followed**: the 3xx response is returned as it is, so
 * nothing (token, headers, body) reaches that origin. A 307/308 whose body cannot be sent again
 * (a stream, a `Request` body) is returned as it is too.
 */
export async function sendWithRedirects(
  send: FetchLike,
  outgoing: Outgoing,
  authorization: string,
  policy: OriginPolicy,
): Promise<Response> {
  const response = await sendOnce(send, outgoing, authorization);
  if (outgoing.redirect !== 'follow' || !isRedirect(response.status)) return response;
  return followRedirects(send, outgoing, authorization, policy, response);
}

/**
 * The redirect part of {@link sendWithRedirects}, from the `first` response of `outgoing` (the
 * hot path sends with `sendOnce` itself and calls this only when a 3xx came back).
 */
export async function followRedirects(
  send: FetchLike,
  outgoing: Outgoing,
  authorization: string,
  policy: OriginPolicy,
  first: Response,
): Promise<Response> {
  let response = first;
  let url: string | URL = outgoing.url;
  let method = outgoing.method;
  let body: BodyInit | null | undefined = outgoing.init?.body;
  let headers: Headers | undefined;
  for (let hops = 0; ; hops += 1) {
    const location = isRedirect(response.status) ? response.headers.get('location') : null;
    if (location === null) return response;
    const next = URL.canParse(location, url) ? new URL(location, url) : undefined;
    if (next === undefined || !policy.allows(next)) return response;
    if (hops >= MAX_REDIRECTS) {
      await cancelBody(response);
      throw new TypeError('fetch failed: redirect count exceeded');
    }
    headers ??= hopHeaders(outgoing);
    headers.set('authorization', authorization);
    const toGet =
      (response.status === 303 && method !== 'HEAD') ||
      ((response.status === 301 || response.status === 302) && method === 'POST');
    if (toGet) {
      method = 'GET';
      body = undefined;
      for (const name of BODY_HEADERS) headers.delete(name);
    } else if (!hasReplayableBody(outgoing.input, outgoing.init)) {
      return response;
    }
    await cancelBody(response);
    url = next;
    response = await send(url.href, {
      ...fetchOnlyInit(outgoing.init),
      method,
      headers,
      redirect: 'manual',
      ...(body == null ? {} : { body }),
      ...(outgoing.signal === undefined ? {} : { signal: outgoing.signal }),
    });
  }
}
