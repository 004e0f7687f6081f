import type { DriverConfig } from './types';

/** A token as the hand-written baselines keep it. */
export interface PlainToken {
  readonly value: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

/**
 * One client-credentials request, the way Adumo documents it: credentials in the query string,
 * no body, `Accept: application/json`. Used by the naive and ideal baselines.
 */
export async function requestToken(config: DriverConfig): Promise<PlainToken> {
  const url = new URL(config.tokenUrl);
  url.searchParams.set('grant_type', 'client_credentials');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('client_secret', config.clientSecret);
  const sentAt = Date.now();
  const res = await fetch(url, { method: 'POST', headers: { accept: 'application/json' } });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`token endpoint answered ${res.status}`);
  }
  const body = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
  if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
    throw new Error('token endpoint answered without access_token/expires_in');
  }
  return { value: body.access_token, expiresAt: sentAt + body.expires_in * 1000 };
}

/** `fetch` with `Authorization: Bearer <token>` set on a copy of the caller's headers. */
export function fetchWithToken(
  token: string,
  input: string | URL | Request,
  init?: RequestInit,
): Promise<Response> {
  const headers = new Headers(
    init?.headers ?? (input instanceof Request ? input.headers : undefined),
  );
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}
