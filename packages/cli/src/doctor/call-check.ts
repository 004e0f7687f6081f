import type { AccessToken } from '@adumo-oauth/core';
import { outsideText, readBody, type Redactor } from '@adumo-oauth/core/adapter';
import type { CheckOutcome } from './network-checks';

/** The one authorised API request `--call` asks for. */
export interface ApiCall {
  /** A path on the API's origin, e.g. `/products/ping`. */
  readonly path: string;
  /** Default `GET`. */
  readonly method?: 'GET' | 'POST' | undefined;
  /** JSON text sent with POST (default `{}`). */
  readonly body?: string | undefined;
}

/**
 * Why `path` cannot be called on `baseUrl`'s origin, or `undefined` when it can: only a path
 * (`/…`) or a URL on the same origin; the token never goes anywhere else.
 */
export function callPathProblem(path: string, baseUrl?: string): string | undefined {
  if (path.startsWith('/') && !path.startsWith('//')) return undefined;
  if (baseUrl === undefined) return '--call takes a path such as /products/ping';
  try {
    if (new URL(path).origin === new URL(baseUrl).origin) return undefined;
  } catch {
    return '--call takes a path such as /products/ping';
  }
  return '--call must stay on the API origin (the token is sent only there)';
}

function fixFor(status: number): string {
  if (status === 401)
    return 'The API refused the token (invalid or expired): run again; if it persists, check that the token and API hosts match.';
  if (status === 403)
    return 'The token lacks an authority or scope this path needs: see the authorities check, ask Adumo support to enable it.';
  if (status === 404 || status === 405)
    return 'No such path or method on the API: check --call and --method.';
  if (status >= 500) return "Adumo's API is failing: try again later.";
  return 'The API refused the request: check --call, --method and --data.';
}

/** The answer's OAuth `error` (which may echo the token): redacted by value, then cut. */
async function oauthError(res: Response, redact: Redactor): Promise<string> {
  try {
    // At most 64 KiB of an error answer is read (the core's bounded reader): never the whole body.
    const read = await readBody(res, new AbortController().signal);
    if (!read.ok) return '';
    const body = JSON.parse(read.text) as { error?: unknown } | null;
    if (body === null || typeof body !== 'object') return '';
    return typeof body.error === 'string' ? ` ${outsideText(body.error, { redact, max: 40 })}` : '';
  } catch {
    return '';
  }
}

/** Step 10: one authorised request to the API, its status (the body is not printed). */
export async function checkCall(
  baseUrl: string,
  call: ApiCall,
  token: AccessToken,
  timeoutMs: number,
  now: () => number,
  redact: Redactor,
): Promise<CheckOutcome> {
  redact.remember(token.value);
  const url = new URL(call.path, `${baseUrl}/`);
  const method = call.method ?? 'GET';
  const label = `${method} ${url.pathname}`;
  const started = now();
  try {
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        Authorization: `Bearer ${token.value}`,
        Accept: 'application/json',
        ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(method === 'POST' ? { body: call.body ?? '{}' } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const detail = `${label} → ${res.status}${await oauthError(res, redact)} in ${now() - started} ms`;
    if (res.status >= 200 && res.status < 300) return { status: 'ok', detail };
    return { status: 'failed', detail, fix: fixFor(res.status) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      status: 'failed',
      detail: `${label}: ${outsideText(message, { redact })}`,
      fix: 'The API did not answer: check the network path and the base URL.',
    };
  }
}
