import { lookup } from 'node:dns/promises';
import { connect, type PeerCertificate } from 'node:tls';
import { outsideText, type Redactor } from '@adumo-oauth/core/adapter';
import { DOCTOR_EXIT_CODES } from './types';

/**
 * What a check found: ok with a detail, or failed with a detail, a fix and, when it is not the
 * step's own, the exit code (e.g. 20 for an unreachable host found by the TLS or token step).
 */
export type CheckOutcome =
  | { readonly status: 'ok' | 'skipped'; readonly detail: string }
  | {
      readonly status: 'failed';
      readonly detail: string;
      readonly fix: string;
      readonly exitCode?: number | undefined;
    };

const DNS_FAILURE = /^(?:ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME|EAI_NODATA)$/;
const TLS_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_|^ERR_TLS_|^ERR_SSL_|^EPROTO$/;
const UNREACHABLE =
  /^(?:ECONNREFUSED|ECONNRESET|ECONNABORTED|ETIMEDOUT|EHOSTUNREACH|EHOSTDOWN|ENETUNREACH|ENETDOWN|EPIPE|UND_ERR_CONNECT_TIMEOUT|UND_ERR_SOCKET|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/;

/**
 * The exit code a connection failure stands for, from the `code`s along its `cause` chain: 11 the
 * host does not resolve, 12 no trusted TLS, 20 unreachable (refused, reset, timed out); `fallback`
 * when no code tells.
 */
export function connectionFailureCode(error: unknown, fallback: number): number {
  let current = error;
  for (let i = 0; i < 5 && typeof current === 'object' && current !== null; i++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') {
      if (DNS_FAILURE.test(code)) return DOCTOR_EXIT_CODES.dns;
      if (TLS_FAILURE.test(code)) return DOCTOR_EXIT_CODES.tls;
      if (UNREACHABLE.test(code)) return DOCTOR_EXIT_CODES.unreachable;
    }
    current = cause;
  }
  return fallback;
}

/** The fix for an unreachable host. */
export const UNREACHABLE_FIX =
  'Nothing answered at that address: check the base URL and port, your firewall and proxy.';

const timedOut = (message: string): Error =>
  Object.assign(new Error(message), { code: 'ETIMEDOUT' });

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code)
    ? `${code}: ${error.message}`
    : error.message;
}

/** The host name of a URL without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Step 2: the host name resolves (node:dns lookup, like fetch does). */
export async function checkDns(url: URL, timeoutMs: number): Promise<CheckOutcome> {
  const host = hostOf(url);
  try {
    const addresses = await withTimeout(lookup(host, { all: true }), timeoutMs, 'DNS lookup');
    const list = addresses.map((a) => a.address);
    const shown = list.slice(0, 3).join(', ') + (list.length > 3 ? `, … (${list.length})` : '');
    return { status: 'ok', detail: `${host} → ${shown}` };
  } catch (error) {
    return {
      status: 'failed',
      detail: `${host} does not resolve (${errorText(error)})`,
      fix: 'Check the host in ADUMO_BASE_URL (staging-apiv3.adumoonline.com or apiv3.adumoonline.com), your DNS and network.',
    };
  }
}

/** The certificate's subject CN, as the server sent it: shown through the core's outsideText. */
function certName(cert: PeerCertificate, redact: Redactor): string {
  const cn: unknown = cert.subject?.CN;
  const name = Array.isArray(cn) ? cn.filter((v) => typeof v === 'string').join(',') : cn;
  return name === undefined ? '?' : outsideText(name, { redact, max: 200 });
}

const TLS_FIX: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT:
    'The server sent a self-signed certificate: is a proxy intercepting TLS? Trust its CA with NODE_EXTRA_CA_CERTS=<ca.pem>.',
  SELF_SIGNED_CERT_IN_CHAIN:
    'A self-signed CA is in the chain (a TLS-inspecting proxy?): trust it with NODE_EXTRA_CA_CERTS=<ca.pem>.',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'The certificate chain is incomplete or its CA unknown: trust the CA with NODE_EXTRA_CA_CERTS=<ca.pem>.',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'The issuer of the certificate is not trusted here: trust the CA with NODE_EXTRA_CA_CERTS=<ca.pem>.',
  CERT_HAS_EXPIRED: "The server's certificate has expired (or this machine's clock is far off).",
  ERR_TLS_CERT_ALTNAME_INVALID:
    'The certificate is for another host name: check the host in ADUMO_BASE_URL.',
};

/** Step 3: a TLS handshake with certificate verification (skipped for plain http on loopback). */
export async function checkTls(
  url: URL,
  timeoutMs: number,
  now: () => number,
  redact: Redactor,
): Promise<CheckOutcome> {
  if (url.protocol === 'http:') {
    return { status: 'skipped', detail: 'plain http to a loopback host' };
  }
  const host = hostOf(url);
  const port = Number(url.port || 443);
  const isIp = /^[\d.]+$/.test(host) || host.includes(':');
  try {
    const found = await withTimeout(
      new Promise<{
        protocol: string;
        cert: PeerCertificate;
        error: string | undefined;
        code: string | undefined;
      }>((resolve, reject) => {
        const socket = connect({
          host,
          port,
          ...(isIp ? {} : { servername: host }),
          rejectUnauthorized: false,
        });
        socket.once('secureConnect', () => {
          const err = socket.authorizationError as (Error & { code?: string }) | string | null;
          const code = typeof err === 'string' ? err : err?.code;
          resolve({
            protocol: socket.getProtocol() ?? 'TLS',
            cert: socket.getPeerCertificate(),
            error: socket.authorized ? undefined : typeof err === 'string' ? err : err?.message,
            code,
          });
          socket.end();
        });
        socket.once('error', (error: Error) => {
          socket.destroy();
          reject(error);
        });
        socket.setTimeout(timeoutMs, () => socket.destroy(timedOut('TLS handshake timed out')));
      }),
      timeoutMs + 500,
      'TLS handshake',
    );
    const until = Date.parse(found.cert.valid_to);
    const days = Number.isNaN(until) ? undefined : Math.floor((until - now()) / 86_400_000);
    const summary = `${found.protocol}, certificate ${certName(found.cert, redact)}${days === undefined ? '' : `, valid ${days} more days`}`;
    if (found.error !== undefined) {
      return {
        status: 'failed',
        detail: `${summary}: not trusted (${outsideText(found.code ?? found.error, { redact })})`,
        fix:
          TLS_FIX[found.code ?? ''] ??
          'The certificate is not trusted by this Node.js: trust its CA with NODE_EXTRA_CA_CERTS=<ca.pem>.',
      };
    }
    return { status: 'ok', detail: summary };
  } catch (error) {
    const exitCode = connectionFailureCode(error, DOCTOR_EXIT_CODES.tls);
    return {
      status: 'failed',
      detail: `no TLS handshake with ${host}:${port} (${outsideText(errorText(error), { redact })})`,
      fix:
        exitCode === DOCTOR_EXIT_CODES.unreachable
          ? UNREACHABLE_FIX
          : 'Check that port is open from here (firewall, proxy) and speaks HTTPS.',
      exitCode,
    };
  }
}
