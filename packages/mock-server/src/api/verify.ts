import type { IncomingMessage } from 'node:http';
import { verifyJwt } from '../jwt';
import { RESOURCE_ID } from '../token/mint';

/** The verified identity behind a bearer token. */
export interface TokenPrincipal {
  readonly clientId: string;
  readonly authorities: readonly string[];
  readonly scope: readonly string[];
}

/** Why a bearer token is refused. */
export type TokenFailure =
  | { readonly type: 'missing' }
  | { readonly type: 'invalid'; readonly description: string }
  | { readonly type: 'wrong_audience' };

/** The result of verifying a bearer token. */
export type Verification =
  | { readonly ok: true; readonly principal: TokenPrincipal }
  | { readonly ok: false; readonly failure: TokenFailure };

/**
 * Spring's `BearerTokenExtractor`: the `Authorization: Bearer …` header (scheme case-insensitive,
 * value cut at a comma), else an `access_token` query parameter.
 */
export function extractBearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined && header.toLowerCase().startsWith('bearer')) {
    const value = header.slice(6).trim().split(',')[0]?.trim() ?? '';
    return value === '' ? undefined : value;
  }
  const query = new URL(req.url ?? '/', 'http://mock').searchParams.get('access_token');
  return query === null || query === '' ? undefined : query;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Options of {@link verifyBearer}. */
export interface VerifyOptions {
  readonly secret: string;
  readonly now: number;
  readonly revoked: ReadonlySet<string>;
}

/**
 * Verify a bearer token like Adumo's resource server: signature (else "Cannot convert access token
 * to JSON"), not revoked, `exp` with zero leeway (expired once `now` is past `exp`), audience.
 */
export function verifyBearer(token: string | undefined, options: VerifyOptions): Verification {
  if (token === undefined) return { ok: false, failure: { type: 'missing' } };
  const claims = verifyJwt(token, options.secret);
  if (!claims) {
    return {
      ok: false,
      failure: { type: 'invalid', description: 'Cannot convert access token to JSON' },
    };
  }
  const jti = typeof claims['jti'] === 'string' ? claims['jti'] : '';
  if (options.revoked.has(jti)) {
    return {
      ok: false,
      failure: { type: 'invalid', description: `Invalid access token: ${token}` },
    };
  }
  const exp = claims['exp'];
  if (typeof exp === 'number' && exp * 1000 < options.now) {
    return {
      ok: false,
      failure: { type: 'invalid', description: `Access token expired: ${token}` },
    };
  }
  if (!strings(claims['aud']).includes(RESOURCE_ID)) {
    return { ok: false, failure: { type: 'wrong_audience' } };
  }
  return {
    ok: true,
    principal: {
      clientId: typeof claims['client_id'] === 'string' ? claims['client_id'] : '',
      authorities: strings(claims['authorities']),
      scope: strings(claims['scope']),
    },
  };
}
