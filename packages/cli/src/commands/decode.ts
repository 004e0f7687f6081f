import { parseArgs } from 'node:util';
import { decodeJwtPayload } from '@adumo-oauth/core';
import { DOCTOR_EXIT_CODES } from '../doctor/types';
import { createSanitizer } from '../text';
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
  const exp = claims['exp'];
  const out = {
    header,
    claims,
    dates,
    ...(typeof exp === 'number' ? { expired: exp * 1000 <= Date.now() } : {}),
    note: 'decoded, not verified: the signature was not checked',
  };
  const sanitize = createSanitizer();
  sanitize.add(jwt);
  sanitize.add(parts[2]);
  io.stdout.write(`${sanitize(JSON.stringify(out, null, 2))}\n`);
  return 0;
}
