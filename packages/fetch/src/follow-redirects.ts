import type { OriginPolicy } from '@adumo-oauth/core/adapter';
import type { Outgoing } from './build-request';
import { cancelBody } from './cancel-body';
import { hasReplayableBody } from './replayable-body';
import type { FetchLike } from './types';

/** Like `fetch`: at most 20 redirects are followed. */
const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language'];

/**
 * Send `outgoing` with the token and, when the caller's redirect mode is `follow`, follow the
 * redirects here, hop by hop, as `fetch` would (303 → GET; 301/302 turn POST into GET; 307/308
 * keep method and body) — but only to origins the policy allows, each hop with the token.
 *
 * A redirect to any other origin is **not followed**: the 3xx response is returned as it is, so
 * nothing (token, headers, body) reaches that origin. A 307/308 whose body cannot be sent again
 * (a stream, a `Request` body) is returned as it is too.
 */
export async function sendWithRedirects(
  send: FetchLike,
  outgoing: Outgoing,
  tokenValue: string,
  policy: OriginPolicy,
  caller: { input: string | URL | Request; init: RequestInit | undefined },
): Promise<Response> {
  let response = await send(...outgoing.withToken(tokenValue));
  if (outgoing.redirect !== 'follow') return response;
  let url = outgoing.url;
  let method = outgoing.method;
  let body: BodyInit | null | undefined = caller.init?.body;
  let headers: Headers | undefined;
  for (let hops = 0; ; hops += 1) {
    const location = REDIRECT_STATUSES.has(response.status)
      ? response.headers.get('location')
      : null;
    if (location === null) return response;
    const next = URL.canParse(location, url) ? new URL(location, url) : undefined;
    if (next === undefined || !policy.allows(next)) return response;
    if (hops >= MAX_REDIRECTS) {
      await cancelBody(response);
      throw new TypeError('fetch failed: redirect count exceeded');
    }
    headers ??= outgoing.headers();
    headers.set('authorization', `Bearer ${tokenValue}`);
    const toGet =
      (response.status === 303 && method !== 'HEAD') ||
      ((response.status === 301 || response.status === 302) && method === 'POST');
    if (toGet) {
      method = 'GET';
      body = undefined;
      for (const name of BODY_HEADERS) headers.delete(name);
    } else if (!hasReplayableBody(caller.input, caller.init)) {
      return response;
    }
    await cancelBody(response);
    url = next;
    response = await send(url.href, {
      ...outgoing.extra,
      method,
      headers,
      redirect: 'manual',
      ...(body == null ? {} : { body }),
      ...(outgoing.signal === undefined ? {} : { signal: outgoing.signal }),
    });
  }
}
