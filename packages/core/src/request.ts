import type { ResolvedConfig } from './config';
import { redactUrl } from './redact';

/** One token request, ready for `fetch`, and its URL safe to print. */
export interface TokenRequest {
  readonly url: string;
  readonly init: RequestInit;
  /** `url` with `client_secret=[REDACTED]`. */
  readonly safeUrl: string;
}

/**
 * Build the client-credentials request: `POST`, `Accept: application/json`, credentials in exactly
 * one place (query string, form body or HTTP Basic), every value URL-encoded. Redirects are not
 * followed (a redirect would carry the query-string secret to another URL).
 */
export function buildTokenRequest(config: ResolvedConfig): TokenRequest {
  const params = new URLSearchParams({ grant_type: 'client_credentials' });
  if (config.clientAuth !== 'basic') {
    params.set('client_id', config.clientId);
    params.set('client_secret', config.clientSecret);
  }
  if (config.scope.length > 0) params.set('scope', config.scope.join(' '));
  for (const [key, value] of config.extraParams) params.set(key, value);

  const headers: Record<string, string> = { Accept: 'application/json' };
  if (config.clientAuth === 'basic') {
    // RFC 6749 §2.3.1: form-encode id and secret, then base64 "id:secret".
    const id = new URLSearchParams({ v: config.clientId }).toString().slice(2);
    const secret = new URLSearchParams({ v: config.clientSecret }).toString().slice(2);
    headers['Authorization'] = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  }
  let url = config.tokenUrl;
  let body: string | undefined;
  if (config.clientAuth === 'query') {
    url = `${config.tokenUrl}?${params.toString()}`;
  } else {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = params.toString();
  }
  const init: RequestInit = { method: 'POST', headers, redirect: 'manual' };
  if (body !== undefined) init.body = body;
  return { url, init, safeUrl: redactUrl(url) };
}
