import { parseArgs } from 'node:util';
import { isAdumoOAuthError, TokenManager, type AccessToken } from '@adumo-oauth/core';
import { outsideText, redactToken, safeJson, type Redactor } from '@adumo-oauth/core/adapter';
import { connectionOptions } from '../config';
import { tokenFailure } from '../doctor/token-checks';
import { DOCTOR_EXIT_CODES } from '../doctor/types';
import { humanSeconds, secretRedactor } from '../text';
import { CONNECTION_FLAGS, connectionInput, type CommandIo } from './io';

/** The summary `token` prints: every text from the token endpoint through the core's outsideText. */
function summary(token: AccessToken, now: number, redact: Redactor): Record<string, unknown> {
  const show = (text: string): string => outsideText(text, { redact });
  const clientId = token.claims?.['client_id'];
  return {
    tokenType: show(token.tokenType),
    expiresInSeconds: Math.round((token.expiresAt - now) / 1000),
    expiresAt: new Date(token.expiresAt).toISOString(),
    scope: token.scope.map(show),
    authorities: token.authorities.length,
    jti: token.jti === undefined ? null : show(token.jti),
    clientId: typeof clientId === 'string' ? show(clientId) : null,
    token: outsideText(redactToken(token.value), { max: 64 }),
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
  const input = await connectionInput(values, io);
  const redact = secretRedactor(
    input.clientSecret ?? io.env['ADUMO_CLIENT_SECRET'],
    input.clientId ?? io.env['ADUMO_CLIENT_ID'],
  );
  const show = (error: unknown): string =>
    outsideText(error instanceof Error ? error.message : error, { redact, max: 2048 });
  let manager: TokenManager;
  try {
    manager = new TokenManager(connectionOptions(input, io.env));
  } catch (error) {
    io.stderr.write(`adumo-oauth token: ${show(error)}\n`);
    return DOCTOR_EXIT_CODES.config;
  }
  try {
    const token = await manager.getToken();
    if (values['print-token']) {
      io.stdout.write(`${token.value}\n`);
      return 0;
    }
    redact.remember(token.value);
    const s = summary(token, Date.now(), redact);
    io.stdout.write(`${values.json ? safeJson(s, 2) : textSummary(s)}\n`);
    return 0;
  } catch (error) {
    const code = isAdumoOAuthError(error) ? ` [${error.code}]` : '';
    io.stderr.write(
      `adumo-oauth token: ${show(error)}${code}\nRun adumo-oauth doctor to find out why.\n`,
    );
    return tokenFailure(error, input.timeoutMs ?? 10_000).exitCode;
  } finally {
    await manager.close();
  }
}
