import { lookup } from 'node:dns/promises';
import { connect, type PeerCertificate } from 'node:tls';

/** What a check found: ok with a detail, or failed with a detail and a fix. */
export type CheckOutcome =
  | { readonly status: 'ok' | 'skipped'; readonly detail: string }
  | { readonly status: 'failed'; readonly detail: string; readonly fix: string };

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
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

function certName(cert: PeerCertificate): string {
  const cn = cert.subject?.CN;
  return Array.isArray(cn) ? cn.join(',') : (cn ?? '?');
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
        socket.setTimeout(timeoutMs, () => socket.destroy(new Error('TLS handshake timed out')));
      }),
      timeoutMs + 500,
      'TLS handshake',
    );
    const until = Date.parse(found.cert.valid_to);
    const days = Number.isNaN(until) ? undefined : Math.floor((until - now()) / 86_400_000);
    const summary = `${found.protocol}, certificate ${certName(found.cert)}${days === undefined ? '' : `, valid ${days} more days`}`;
    if (found.error !== undefined) {
      return {
        status: 'failed',
        detail: `${summary}: not trusted (${found.code ?? found.error})`,
        fix:
          TLS_FIX[found.code ?? ''] ??
          'The certificate is not trusted by this Node.js: trust its CA with NODE_EXTRA_CA_CERTS=<ca.pem>.',
      };
    }
    return { status: 'ok', detail: summary };
  } catch (error) {
    return {
      status: 'failed',
      detail: `no TLS handshake with ${host}:${port} (${errorText(error)})`,
      fix: 'Check that port is open from here (firewall, proxy) and speaks HTTPS.',
    };
  }
}
