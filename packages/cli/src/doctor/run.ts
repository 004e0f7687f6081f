import { TokenManager, type AccessToken, type FetchFunction } from '@adumo-oauth/core';
import { outsideText, redactUrl } from '@adumo-oauth/core/adapter';
import { connectionOptions, type ConnectionInput } from '../config';
import { secretRedactor } from '../text';
import { capturingFetch, type CapturedExchange } from './capture';
import { checkCall, type ApiCall } from './call-check';
import { checkDns, checkTls, type CheckOutcome } from './network-checks';
import * as token from './token-checks';
import {
  CARD_PAYMENT_AUTHORITIES,
  DOCTOR_STEPS,
  type DoctorReport,
  type DoctorStep,
  type DoctorStepId,
} from './types';

/** Options of {@link runDoctor}. */
export interface DoctorOptions extends ConnectionInput {
  /** Environment to read `ADUMO_*` from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Largest accepted difference between this machine's clock and the server's, ms (default 30000). */
  readonly maxSkewMs?: number | undefined;
  /** Authorities the token must carry (default: the card payment ones). */
  readonly authorities?: readonly string[] | undefined;
  /** One authorised API request to make at the end. */
  readonly call?: ApiCall | undefined;
  /** `fetch` to wrap (default `globalThis.fetch`). */
  readonly fetch?: FetchFunction | undefined;
  /** Called when a check starts (e.g. to show a spinner). */
  readonly onStepStart?: ((id: DoctorStepId, name: string) => void) | undefined;
  /** Called when a check has ended (or was skipped), with its result, before the next one starts. */
  readonly onStepEnd?: ((step: DoctorStep) => void) | undefined;
}

/**
 * Check a configuration end to end, step by step (configuration, DNS, TLS, token request,
 * token_type, expires_in vs JWT exp, scope, authorities, clock skew, an optional API call) and
 * report each with a one-line fix. Never throws for a failed check; no text holds the secret or a
 * whole token.
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const now = Date.now;
  const started = now();
  const env = options.env ?? process.env;
  // Every text a step or the target shows goes through the core's outsideText with this redactor
  // (the secret in every encoding; the token once there is one): redacted, escaped, capped.
  const redact = secretRedactor(
    options.clientSecret ?? env['ADUMO_CLIENT_SECRET'],
    options.clientId ?? env['ADUMO_CLIENT_ID'],
  );
  const show = (text: string): string => outsideText(text, { redact, max: 2048 });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const steps: DoctorStep[] = [];
  let skipReason: string | undefined;

  const run = async (
    id: DoctorStepId,
    check: () => Promise<CheckOutcome> | CheckOutcome,
  ): Promise<boolean> => {
    const meta = DOCTOR_STEPS.find((s) => s.id === id)!;
    if (skipReason !== undefined) {
      const skipped: DoctorStep = {
        id,
        name: meta.name,
        status: 'skipped',
        detail: skipReason,
        durationMs: 0,
        exitCode: meta.exitCode,
      };
      steps.push(skipped);
      options.onStepEnd?.(skipped);
      return false;
    }
    options.onStepStart?.(id, meta.name);
    const t0 = now();
    const outcome = await check();
    const step: DoctorStep = {
      id,
      name: meta.name,
      status: outcome.status,
      detail: show(outcome.detail),
      ...(outcome.status === 'failed' ? { fix: show(outcome.fix) } : {}),
      durationMs: now() - t0,
      exitCode: (outcome.status === 'failed' ? outcome.exitCode : undefined) ?? meta.exitCode,
    };
    steps.push(step);
    options.onStepEnd?.(step);
    return outcome.status !== 'failed';
  };

  const capture = capturingFetch(
    options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    now,
  );
  let manager: TokenManager | undefined;
  let clientId: string | undefined;
  let tokenUrl: string | undefined;
  await run('config', () => {
    try {
      const config = connectionOptions(options, env);
      clientId = config.clientId;
      manager = new TokenManager({ ...config, fetch: capture.fetch });
      tokenUrl = `${manager.baseUrl}/oauth/token`;
      return {
        status: 'ok',
        detail: `token URL ${redactUrl(tokenUrl)}, client ${outsideText(clientId, { redact })}`,
      };
    } catch (error) {
      return {
        status: 'failed',
        detail: error instanceof Error ? error.message : String(error),
        fix: 'Set ADUMO_BASE_URL (staging, production or an https URL), ADUMO_CLIENT_ID and ADUMO_CLIENT_SECRET, or pass --base-url, --client-id, --client-secret-stdin.',
      };
    }
  });
  if (manager === undefined) skipReason = 'configuration invalid';
  const url = manager === undefined ? undefined : new URL(manager.baseUrl);

  if (!(await run('dns', () => checkDns(url!, timeoutMs)))) skipReason ??= 'host does not resolve';
  if (!(await run('tls', () => checkTls(url!, timeoutMs, now, redact))))
    skipReason ??= 'no trusted TLS connection';

  let accessToken: AccessToken | undefined;
  let owner: 'token_type' | 'expires_in' | undefined;
  let refusal: string | undefined;
  const tokenOk = await run('token', async () => {
    try {
      accessToken = await manager!.getToken();
      const c = await capture.last();
      return {
        status: 'ok',
        detail: `HTTP ${c?.status ?? '?'} in ${c ? c.receivedAt - c.sentAt : '?'} ms`,
      };
    } catch (error) {
      const c: CapturedExchange | undefined = await capture.last();
      owner = token.refusedAnswerOwner(c);
      const failure = token.tokenFailure(error, timeoutMs);
      if (owner !== undefined && c !== undefined) {
        refusal = failure.detail;
        return {
          status: 'ok',
          detail: `HTTP ${c.status} in ${c.receivedAt - c.sentAt} ms (answer refused: see ${owner})`,
        };
      }
      const status = c === undefined ? '' : ` (HTTP ${c.status} in ${c.receivedAt - c.sentAt} ms)`;
      return {
        status: 'failed',
        detail: `${failure.detail}${status}`,
        fix: failure.fix,
        exitCode: failure.exitCode,
      };
    }
  });
  if (!tokenOk) skipReason ??= 'no token';
  if (accessToken !== undefined) redact.remember(accessToken.value);
  const captured = await capture.last();

  await run('token_type', () =>
    token.checkTokenType(captured, redact, owner === 'token_type' ? refusal : undefined),
  );
  if (owner === 'token_type') skipReason ??= 'no usable token';
  await run('expires_in', () =>
    token.checkExpiry(captured, accessToken, owner === 'expires_in' ? refusal : undefined),
  );
  skipReason ??= accessToken === undefined ? 'no usable token' : undefined;
  await run('scope', () => token.checkScope(captured, accessToken!, redact));
  await run('authorities', () =>
    token.checkAuthorities(
      accessToken!,
      options.authorities ?? CARD_PAYMENT_AUTHORITIES,
      clientId ?? '',
    ),
  );
  await run('clock', () => token.checkClock(captured, options.maxSkewMs ?? 30_000));
  if (options.call === undefined) skipReason ??= 'not asked (add --call /products/ping)';
  await run('call', () =>
    checkCall(manager!.baseUrl, options.call!, accessToken!, timeoutMs, now, redact),
  );
  await manager?.close();

  const failed = steps.find((s) => s.status === 'failed');
  return {
    ok: failed === undefined,
    exitCode: failed?.exitCode ?? 0,
    failedStep: failed?.id,
    target: {
      baseUrl: manager === undefined ? undefined : show(redactUrl(manager.baseUrl)),
      tokenUrl: tokenUrl === undefined ? undefined : show(redactUrl(tokenUrl)),
      clientId: clientId === undefined ? undefined : show(clientId),
    },
    steps,
    durationMs: now() - started,
  };
}
