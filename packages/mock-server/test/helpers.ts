import { createHmac } from 'node:crypto';
import { DEFAULT_CLIENT } from '../src/index';

export const ID = DEFAULT_CLIENT.clientId;
export const SECRET = DEFAULT_CLIENT.clientSecret;

/** A controllable clock in epoch ms. */
export function fakeClock(start = Date.UTC(2025, 0, 1)) {
  const clock = {
    ms: start,
    now: () => clock.ms,
    advance: (ms: number) => {
      clock.ms += ms;
    },
  };
  return clock;
}

/** Query string for an Adumo-style client-credentials request. */
export function credentialsQuery(
  id: string = ID,
  secret: string = SECRET,
  extra: Record<string, string> = {},
): string {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: id,
    client_secret: secret,
    ...extra,
  }).toString();
}

/** POST /oauth/token with credentials in the query string. */
export function requestToken(
  tokenUrl: string,
  init: { id?: string; secret?: string; extra?: Record<string, string>; accept?: string } = {},
): Promise<Response> {
  return fetch(`${tokenUrl}?${credentialsQuery(init.id, init.secret, init.extra)}`, {
    method: 'POST',
    headers: { accept: init.accept ?? 'application/json' },
  });
}

/** Get a token value from the mock (fails the test when the request is refused). */
export async function getToken(tokenUrl: string, id?: string, secret?: string): Promise<string> {
  const res = await requestToken(tokenUrl, {
    ...(id ? { id } : {}),
    ...(secret ? { secret } : {}),
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** `Basic` header value. */
export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

/** A token endpoint 200 body. */
export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  jti: string;
}

/** Parse a token endpoint body. */
export async function tokenJson(res: Response): Promise<TokenBody> {
  return (await res.json()) as TokenBody;
}

/** Parse any JSON object body. */
export async function jsonOf(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

/** The claims of the mock's JWTs. */
export interface JwtPayload {
  aud: string[];
  scope: string[];
  exp: number;
  authorities: string[];
  jti: string;
  client_id: string;
}

/** Decode a JWT without verifying it. */
export function decodeJwt(token: string): {
  header: Record<string, unknown>;
  payload: JwtPayload;
  signature: string;
} {
  const [h = '', p = '', signature = ''] = token.split('.');
  const part = (s: string): unknown => JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  return { header: part(h) as Record<string, unknown>, payload: part(p) as JwtPayload, signature };
}

/** HS256-sign arbitrary claims (independent of the mock's own implementation). */
export function sign(claims: object, secret: string): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** Call a product API path with a bearer token. */
export function callApi(
  baseUrl: string,
  path: string,
  token: string | undefined,
  init: { method?: string; body?: unknown; accept?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: init.accept ?? 'application/json' };
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${baseUrl}${path}`, {
    method: init.method ?? (path === '/products/ping' ? 'GET' : 'POST'),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}
