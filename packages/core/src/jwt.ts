import { fromBase64 } from './bytes';

/**
 * Decode a JWT's payload without verifying it (diagnostics and expiry cross-check only, never
 * trust). Returns `undefined` for anything that is not a three-part JWT with a JSON object payload.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const first = token.indexOf('.');
  if (first <= 0) return undefined;
  const second = token.indexOf('.', first + 1);
  if (second < 0 || token.indexOf('.', second + 1) >= 0) return undefined;
  const segment = token.slice(first + 1, second);
  if (segment.length === 0 || !/^[A-Za-z0-9_-]+={0,2}$/.test(segment)) return undefined;
  const bytes = fromBase64(segment);
  if (bytes === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
    return payload as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The JWT `exp` claim in epoch ms, when it is a sane number. */
export function jwtExpiryMs(
  claims: Readonly<Record<string, unknown>> | undefined,
): number | undefined {
  const exp = claims?.['exp'];
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= 0) return undefined;
  const ms = exp * 1000;
  return ms <= Number.MAX_SAFE_INTEGER ? ms : undefined;
}

/** A string array claim (`authorities`, `scope`), or `[]`. */
export function stringArrayClaim(
  claims: Readonly<Record<string, unknown>> | undefined,
  name: string,
): readonly string[] {
  const value = claims?.[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(' ').filter((v) => v.length > 0);
  return [];
}
