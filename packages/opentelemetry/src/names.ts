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
const CODES = new Set([
  'config',
  'token_endpoint',
  'network',
  'timeout',
  'invalid_response',
  'aborted',
  'store',
  'closed',
  'origin_not_allowed',
  'invalid_merchant',
  'unknown_merchant',
  'credentials_unavailable',
]);

/** A bounded name for a failure: the core error `code`, or `_OTHER` (semantic conventions' fallback). */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && CODES.has(code) ? code : '_OTHER';
}

/**
 * `error.type` per the HTTP semantic conventions: the status code when the server answered an
 * error status, else the failure's code; `undefined` on success.
 */
export function errorType(status: number | undefined, error: unknown): string | undefined {
  if (error === undefined) return undefined;
  return status !== undefined && status >= 400 ? String(status) : errorCode(error);
}

/** `server.address`, `server.port` and the path of a (redacted) token URL; `undefined` if unparsable. */
export function serverOf(url: string): { address: string; port: number; path: string } | undefined {
  try {
    const parsed = new URL(url);
    const port =
      parsed.port === '' ? (parsed.protocol === 'http:' ? 80 : 443) : Number(parsed.port);
    const address = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    return { address, port, path: parsed.pathname };
  } catch {
    return undefined;
  }
}
