import { parseArgs } from 'node:util';
import { isAdumoOAuthError, redactToken, TokenManager, type AccessToken } from '@adumo-oauth/core';
import { connectionOptions } from '../config';
import { DOCTOR_EXIT_CODES } from '../doctor/types';
import { createSanitizer, humanSeconds } from '../text';
import { CONNECTION_FLAGS, connectionInput, type CommandIo } from './io';

function summary(token: AccessToken, now: number): Record<string, unknown> {
  const clientId = token.claims?.['client_id'];
  return {
    tokenType: token.tokenType,
    expiresInSeconds: Math.round((token.expiresAt - now) / 1000),
    expiresAt: new Date(token.expiresAt).toISOString(),
    scope: [...token.scope],
    authorities: token.authorities.length,
    jti: token.jti ?? null,
    clientId: typeof clientId === 'string' ? clientId : null,
    token: redactToken(token.value),
  };
}

function textSummary(s: Record<string, unknown>): string {
  const seconds = s['expiresInSeconds'] as number;
  const rows: [string, string][] = [
    ['token_type', String(s['tokenType'])],
    ['expires in', `${seconds} s (${humanSeconds(seconds)}), at ${String(s['expiresAt'])}`],
    ['scope', (s['scope'] as string[]).join(' ') || '(none)'],
    ['authorities', String(s['authorities'])],
    ['jti', (s['jti'] as string | null) ?? '(none)'],
    ['client_id', (s['clientId'] as string | null) ?? '(none)'],
    ['token', `${String(s['token'])}  (--print-token prints it whole)`],
  ];
  return rows.map(([k, v]) => `${k.padEnd(12)} ${v}`).join('\n');
}

/** `adumo-oauth token [--print-token] [--json]`: returns the exit code. */
export async function tokenCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...CONNECTION_FLAGS,
      json: { type: 'boolean', default: false },
      'print-token': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const sanitize = createSanitizer();
  sanitize.add(values['client-secret'] ?? io.env['ADUMO_CLIENT_SECRET']);
  let manager: TokenManager;
  try {
    const options = connectionOptions(await connectionInput(values, io), io.env);
    sanitize.add(options.clientSecret);
    manager = new TokenManager(options);
  } catch (error) {
    io.stderr.write(
      `adumo-oauth token: ${sanitize(error instanceof Error ? error.message : String(error))}\n`,
    );
    return DOCTOR_EXIT_CODES.config;
  }
  try {
    const token = await manager.getToken();
    if (values['print-token']) {
      io.stdout.write(`${token.value}\n`);
      return 0;
    }
    sanitize.add(token.value);
    const s = summary(token, Date.now());
    io.stdout.write(`${sanitize(values.json ? JSON.stringify(s, null, 2) : textSummary(s))}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = isAdumoOAuthError(error) ? ` [${error.code}]` : '';
    io.stderr.write(
      `adumo-oauth token: ${sanitize(message)}${code}\nRun adumo-oauth doctor to find out why.\n`,
    );
    return DOCTOR_EXIT_CODES.token;
  } finally {
    await manager.close();
  }
}
