import type { ClientAuthMethod } from '../options';
import { toBase64, utf8 } from '../bytes';
import { redactUrl } from '../redact';

/** Who asks for a token, and how: the request identity (also the cache key's input). */
export interface RequestIdentity {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly clientAuth: ClientAuthMethod;
  readonly scope: readonly string[];
  readonly extraParams: readonly (readonly [string, string])[];
}

/** One token request, ready for `fetch`, and its URL safe to print. */
export interface TokenRequest {
  readonly url: string;
  readonly init: RequestInit;
  /** `url` with `client_secret=[REDACTED]`. */
  readonly safeUrl: string;
}

const form = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);

/**
 * Build the client-credentials request: `POST`, `Accept: application/json`, credentials in exactly
 * one place (query string, form body or HTTP Basic), every value URL-encoded. Redirects are not
 * followed (a redirect would carry the query-string secret to another URL).
 */
export function buildTokenRequest(id: RequestIdentity): TokenRequest {
  const params = new URLSearchParams({ grant_type: 'client_credentials' });
  if (id.clientAuth !== 'basic') {
    params.set('client_id', id.clientId);
    params.set('client_secret', id.clientSecret);
  }
  if (id.scope.length > 0) params.set('scope', id.scope.join(' '));
  for (const [key, value] of id.extraParams) params.set(key, value);

  const headers: Record<string, string> = { Accept: 'application/json' };
  // RFC 6749 §2.3.1: form-encode id and secret, then base64 "id:secret".
  if (id.clientAuth === 'basic')
    headers['Authorization'] =
      `Basic ${toBase64(utf8(`${form(id.clientId)}:${form(id.clientSecret)}`))}`;
  let url = id.tokenUrl;
  let body: string | undefined;
  if (id.clientAuth === 'query') {
    url = `${id.tokenUrl}?${params.toString()}`;
  } else {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = params.toString();
  }
  const init: RequestInit = { method: 'POST', headers, redirect: 'manual' };
  if (body !== undefined) init.body = body;
  return { url, init, safeUrl: redactUrl(url) };
}
