import type { DriverConfig } from './types';

/** A token as the hand-written baselines keep it. */
export interface PlainToken {
  readonly value: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

/**
 * One client-credentials request, the way Adumo documents it: credentials in the query string,
 * no body, `Accept: application/json`. Used by the naive and ideal baselines. Expiry = time sent
 * + `expires_in`, capped by the JWT `exp`.
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
  const fromExpiresIn = sentAt + body.expires_in * 1000;
  return {
    value: body.access_token,
    expiresAt: Math.min(fromExpiresIn, jwtExpiry(body.access_token)),
  };
}

/**
 * The JWT `exp` in epoch ms, or `Infinity` when the token is not a JWT with a numeric `exp`.
 * Adumo's `exp` is whole seconds, so a token can die up to a second before `expires_in` says.
 */
export function jwtExpiry(token: string): number {
  const payload = token.split('.')[1];
  if (payload === undefined) return Number.POSITIVE_INFINITY;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
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
