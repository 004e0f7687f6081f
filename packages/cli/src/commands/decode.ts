import { parseArgs } from 'node:util';
import { decodeJwtPayload, outsideText, safeJson, type Redactor } from '@adumo-oauth/core/adapter';
import { DOCTOR_EXIT_CODES } from '../doctor/types';
import { secretRedactor } from '../text';
import { readStdin, UsageError, type CommandIo } from './io';

const NOT_JWT =
  'adumo-oauth decode: the input is not a JWT (expected header.payload.signature, each base64url; the input is not shown)';

function decodeHeader(part: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A decoded header or claims with every string and key through the core's outsideText (redacted,
 * escaped, capped); nesting deeper than 16 levels is not shown.
 */
function shown(value: unknown, redact: Redactor, depth = 0): unknown {
  if (typeof value === 'string') return outsideText(value, { redact });
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= 16) return '…(nested deeper)';
  if (Array.isArray(value)) return value.map((v) => shown(v, redact, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      outsideText(k, { redact, max: 128 }),
      shown(v, redact, depth + 1),
    ]),
  );
}

function isoOf(claim: unknown): string | undefined {
  if (typeof claim !== 'number' || !Number.isFinite(claim)) return undefined;
  const date = new Date(claim * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** `adumo-oauth decode [jwt]`: header and claims as JSON (no signature, never verified). */
export async function decodeCommand(args: string[], io: CommandIo): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length > 1) throw new UsageError('decode takes one JWT (or reads it from stdin)');
  let input = positionals[0];
  if (input === undefined) {
    if (io.stdin.isTTY)
      throw new UsageError(
        'pipe a JWT in, e.g. adumo-oauth token --print-token | adumo-oauth decode',
      );
    input = await readStdin(io.stdin);
  }
  const jwt = input.trim().replace(/^bearer\s+/i, '');
  const parts = jwt.split('.');
  const header =
    parts.length === 3 && /^[\w-]+$/.test(parts[0] ?? '') ? decodeHeader(parts[0]!) : undefined;
  const claims = header === undefined ? undefined : decodeJwtPayload(jwt);
  if (header === undefined || claims === undefined) {
    io.stderr.write(`${NOT_JWT}\n`);
    return DOCTOR_EXIT_CODES.notJwt;
  }
  const dates = Object.fromEntries(
    (['exp', 'iat', 'nbf'] as const).flatMap((k) => {
      const iso = isoOf(claims[k]);
      return iso === undefined ? [] : [[k, iso]];
    }),
  );
  const redact = secretRedactor(io.env['ADUMO_CLIENT_SECRET'], io.env['ADUMO_CLIENT_ID']);
  redact.remember(jwt);
  if (parts[2] !== undefined) redact.remember(parts[2]);
  const exp = claims['exp'];
  const out = {
    header: shown(header, redact),
    claims: shown(claims, redact),
    dates,
    ...(typeof exp === 'number' ? { expired: exp * 1000 <= Date.now() } : {}),
    note: 'decoded, not verified: the signature was not checked',
  };
  io.stdout.write(`${safeJson(out, 2)}\n`);
  return 0;
}
