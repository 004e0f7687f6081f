import { isAdumoOAuthError, type AccessToken } from '@adumo-oauth/core';
import { outsideText, type Redactor } from '@adumo-oauth/core/adapter';
import { humanSeconds, signedSeconds } from '../text';
import type { CapturedExchange } from './capture';
import { connectionFailureCode, UNREACHABLE_FIX, type CheckOutcome } from './network-checks';
import { DOCTOR_EXIT_CODES } from './types';

const CREDENTIALS_FIX =
  'The client id or secret is wrong for this host (staging and production credentials differ): check ADUMO_CLIENT_ID and ADUMO_CLIENT_SECRET.';

function endpointFix(status: number, error: string | undefined): string {
  if (status === 401 || error === 'invalid_client') return CREDENTIALS_FIX;
  if (status === 404 || status === 405)
    return 'ADUMO_BASE_URL does not point at the Adumo API (no token endpoint at /oauth/token): use staging, production or the API host.';
  if (status === 429)
    return 'The token endpoint is rate limiting this client: wait and try again; cache tokens (every request mints a new one).';
  if (status >= 500)
    return "Adumo's token endpoint is failing: try again later; contact Adumo support if it lasts.";
  if (status === 403)
    return 'Something in front of the API (WAF, proxy, IP allow-list) refused the request: check with Adumo which addresses may call it.';
  return 'The token endpoint refused the request parameters: check the base URL and the client configuration.';
}

const CONNECTION_FIX: Readonly<Record<number, string>> = {
  [DOCTOR_EXIT_CODES.dns]:
    'The host does not resolve: check the host in ADUMO_BASE_URL, your DNS and network.',
  [DOCTOR_EXIT_CODES.tls]:
    'No trusted TLS connection: is a proxy intercepting TLS? Trust its CA with NODE_EXTRA_CA_CERTS=<ca.pem>.',
  [DOCTOR_EXIT_CODES.unreachable]: UNREACHABLE_FIX,
};

/**
 * Step 4 for a failed `getToken()` (and `adumo-oauth token`): core's typed, redacted error with a
 * fix and the exit code: 13 when the endpoint answered but gave no usable token; 20 when it could
 * not be reached (refused, reset, timed out), 11 or 12 when the host did not resolve or its
 * certificate was not trusted.
 */
export function tokenFailure(
  error: unknown,
  timeoutMs: number,
): { detail: string; fix: string; exitCode: number } {
  const message = error instanceof Error ? error.message : String(error);
  const refused = (fix: string) => ({ detail: message, fix, exitCode: DOCTOR_EXIT_CODES.token });
  if (!isAdumoOAuthError(error))
    return refused('Unexpected error: run again, and report it if it persists.');
  switch (error.code) {
    case 'token_endpoint': {
      const e = error as { status?: number; error?: string };
      return refused(endpointFix(e.status ?? 0, e.error));
    }
    case 'network': {
      const exitCode = connectionFailureCode(error, DOCTOR_EXIT_CODES.unreachable);
      return { detail: message, fix: CONNECTION_FIX[exitCode] ?? UNREACHABLE_FIX, exitCode };
    }
    case 'timeout':
      return {
        detail: message,
        fix: `No answer within ${timeoutMs} ms: check the network path, or raise --timeout.`,
        exitCode: DOCTOR_EXIT_CODES.unreachable,
      };
    case 'invalid_response':
      return refused(
        'The answer is not a usable token: is ADUMO_BASE_URL the API host (not a website or a proxy page)?',
      );
    default:
      return refused('See the message above.');
  }
}

/** Which later check owns a 2xx answer that core refused, if one does. */
export function refusedAnswerOwner(
  captured: CapturedExchange | undefined,
): 'token_type' | 'expires_in' | undefined {
  if (captured === undefined || !captured.isJson || captured.status < 200 || captured.status > 299)
    return undefined;
  if (typeof captured.tokenType !== 'string' || captured.tokenType.toLowerCase() !== 'bearer')
    return 'token_type';
  if (
    captured.expiresIn !== undefined &&
    (typeof captured.expiresIn !== 'number' ||
      !(captured.expiresIn > 0) ||
      captured.expiresIn > 315_360_000)
  )
    return 'expires_in';
  return undefined;
}

/** Step 5: `token_type` is bearer (any case). */
export function checkTokenType(
  captured: CapturedExchange | undefined,
  redact: Redactor,
  refusal?: string,
): CheckOutcome {
  const type = captured?.tokenType;
  if (typeof type === 'string' && type.toLowerCase() === 'bearer') {
    return { status: 'ok', detail: `"${type}" (compared case-insensitively; sent as "Bearer")` };
  }
  const shown =
    type === undefined
      ? 'missing'
      : outsideText(typeof type === 'string' ? `"${type}"` : JSON.stringify(type), {
          redact,
          max: 40,
        });
  return {
    status: 'failed',
    detail: refusal ?? `token_type is ${shown}, not bearer`,
    fix: 'Only bearer tokens can call the Adumo API: check that ADUMO_BASE_URL is the Adumo API host.',
  };
}

/** Step 6: `expires_in` agrees with the JWT `exp` (computed on the server's clock when it sent `Date`). */
export function checkExpiry(
  captured: CapturedExchange | undefined,
  token: AccessToken | undefined,
  refusal?: string,
): CheckOutcome {
  const fix =
    'The lifetime in expires_in and the JWT exp disagree: core uses the earlier one; report it to Adumo support.';
  if (refusal !== undefined || token === undefined) {
    return {
      status: 'failed',
      detail: refusal ?? 'no token',
      fix: 'The token endpoint sent an unusable expires_in: report it to Adumo support.',
    };
  }
  const expiresIn = captured?.expiresIn;
  const exp = token.claims?.['exp'];
  const life =
    typeof expiresIn === 'number'
      ? `expires_in ${expiresIn} s (${humanSeconds(expiresIn)})`
      : 'no expires_in';
  if (typeof exp !== 'number') return { status: 'ok', detail: `${life}; no JWT exp to compare` };
  if (typeof expiresIn !== 'number') {
    return {
      status: 'ok',
      detail: `no expires_in; JWT exp ${new Date(exp * 1000).toISOString()} is used`,
    };
  }
  // exp − expires_in is when the server issued the token, on its token clock: compare it with the
  // server's Date and with this machine's clock (a proxy may set Date); the closer one counts.
  const localIssue =
    captured === undefined ? token.issuedAt : (captured.sentAt + captured.receivedAt) / 2;
  const serverDate = Date.parse(captured?.date ?? '');
  const candidates = [localIssue, ...(Number.isNaN(serverDate) ? [] : [serverDate + 500])];
  const diffs = candidates.map((at) => exp * 1000 - (at + expiresIn * 1000));
  const diffMs = diffs.reduce((a, b) => (Math.abs(b) < Math.abs(a) ? b : a));
  const detail = `${life}; JWT exp ${new Date(exp * 1000).toISOString()}, ${signedSeconds(diffMs)} apart`;
  return Math.abs(diffMs) > 60_000 ? { status: 'failed', detail, fix } : { status: 'ok', detail };
}

/** Step 7: the token has the `read` scope every product API path requires. */
export function checkScope(
  captured: CapturedExchange | undefined,
  token: AccessToken,
  redact: Redactor,
): CheckOutcome {
  const granted =
    typeof captured?.scope === 'string'
      ? captured.scope.split(/[\s,]+/).filter(Boolean)
      : [...token.scope];
  const shown = granted.length === 0 ? '(none)' : outsideText(granted.join(' '), { redact });
  if (granted.includes('read') || token.scope.includes('read'))
    return { status: 'ok', detail: shown };
  return {
    status: 'failed',
    detail: `${shown}: no read scope`,
    fix: 'The product API answers 403 insufficient_scope without the read scope: ask Adumo to grant it to this client.',
  };
}

/** Step 8: the JWT `authorities` hold every required one. */
export function checkAuthorities(
  token: AccessToken,
  required: readonly string[],
  clientId: string,
): CheckOutcome {
  const missing = required.filter((name) => !token.authorities.includes(name));
  const total = `${token.authorities.length} in the token`;
  if (missing.length === 0) {
    return {
      status: 'ok',
      detail: `all ${required.length} required present (${total})`,
    };
  }
  return {
    status: 'failed',
    detail: `missing ${missing.length} of ${required.length}: ${missing.join(', ')} (${total})`,
    fix: `Ask Adumo support to enable ${missing.join(', ')} for client ${clientId}; without them the API answers 403 access_denied.`,
  };
}

/** Step 9: this machine's clock against the server's `Date` header (at the request's midpoint). */
export function checkClock(
  captured: CapturedExchange | undefined,
  maxSkewMs: number,
): CheckOutcome {
  const serverDate = Date.parse(captured?.date ?? '');
  if (captured === undefined || Number.isNaN(serverDate)) {
    return { status: 'skipped', detail: 'the server sent no Date header' };
  }
  // Date has whole seconds (cut, not rounded): its middle is 500 ms later.
  const skewMs = serverDate + 500 - (captured.sentAt + captured.receivedAt) / 2;
  // Below 1.5 s the 1 s resolution of Date cannot tell.
  const seconds = Math.abs(skewMs) < 1500 ? 0 : Math.round(Math.abs(skewMs) / 1000);
  const relation =
    seconds === 0 ? 'in step with' : skewMs < 0 ? `${seconds} s behind` : `${seconds} s ahead of`;
  const detail = `server clock ${relation} this machine (limit ±${Math.round(maxSkewMs / 1000)} s)`;
  if (Math.abs(skewMs) <= maxSkewMs) return { status: 'ok', detail };
  return {
    status: 'failed',
    detail,
    fix: "Sync this machine's clock (NTP: timedatectl set-ntp true, chrony, w32tm /resync): expiry checks against the JWT exp are off by as much.",
  };
}
