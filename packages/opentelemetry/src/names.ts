import { ADUMO_OAUTH_ERROR_CODES } from '@adumo-oauth/core/adapter';

/** Instrumentation scope name of the meter and the tracer. */
export const SCOPE = '@adumo-oauth/opentelemetry';

/** Attribute keys this package defines (the others are OpenTelemetry semantic conventions). */
export const ATTR = {
  client: 'adumo_oauth.client.name',
  merchant: 'adumo_oauth.merchant.id',
  outcome: 'adumo_oauth.outcome',
  cacheResult: 'adumo_oauth.cache.result',
  state: 'adumo_oauth.token.state',
} as const;

/** Every core error code: the only values `error.type` and `adumo_oauth.outcome` take besides a status. */
const CODES: ReadonlySet<string> = new Set(ADUMO_OAUTH_ERROR_CODES);

/** A bounded name for a failure: the core error `code`, or `_OTHER` (semantic conventions' fallback). */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && CODES.has(code) ? code : '_OTHER';
}

/**
 * The HTTP statuses reported as themselves: the ones Adumo's Spring server, a proxy in front of
 * it and this library actually produce. Any other status a server sends is reported by its class
 * only, so a hostile or broken server cannot create one series per status (900 possible).
 */
const KNOWN_STATUSES = new Set([
  200, 201, 204, 301, 302, 303, 307, 308, 400, 401, 403, 404, 405, 406, 408, 409, 413, 415, 422,
  429, 500, 501, 502, 503, 504, 505,
]);

/**
 * `http.response.status_code`: the status when it is one of the known ones, else `undefined`
 * (the attribute is left out: its class is in `error.type`, see {@link errorType}).
 */
export function statusCode(status: number | undefined): number | undefined {
  return status !== undefined && KNOWN_STATUSES.has(status) ? status : undefined;
}

/**
 * `error.type` per the HTTP semantic conventions: the status code (as a string) when the server
 * answered an error status — a known one as itself, any other as its class `4xx` or `5xx`, or
 * `_OTHER` outside 400–599 — else the failure's code; `undefined` on success.
 */
export function errorType(status: number | undefined, error: unknown): string | undefined {
  if (error === undefined) return undefined;
  if (status === undefined || status < 400) return errorCode(error);
  if (KNOWN_STATUSES.has(status)) return String(status);
  return status <= 499 ? '4xx' : status <= 599 ? '5xx' : '_OTHER';
}

/** What the attributes show of a (redacted) token URL; `undefined` if unparsable. */
export interface ServerOf {
  readonly address: string;
  readonly port: number;
  readonly path: string;
  /**
   * `url.full` without anything secret: scheme, host, port and path, and the query's keys with
   * every value `REDACTED` (the semantic conventions' form for a scrubbed query), so neither the
   * client secret nor the client id (a merchant's, in a pool) reaches a span.
   */
  readonly url: string;
}

/** `server.address`, `server.port`, the path and a scrubbed `url.full` of a token URL. */
export function serverOf(url: string): ServerOf | undefined {
  try {
    const parsed = new URL(url);
    const port =
      parsed.port === '' ? (parsed.protocol === 'http:' ? 80 : 443) : Number(parsed.port);
    const address = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    const keys = [...new Set(parsed.searchParams.keys())];
    const query =
      keys.length === 0
        ? ''
        : `?${keys.map((key) => `${encodeURIComponent(key)}=REDACTED`).join('&')}`;
    const full = `${parsed.protocol}//${parsed.host}${parsed.pathname}${query}`;
    return { address, port, path: parsed.pathname, url: full };
  } catch {
    return undefined;
  }
}
