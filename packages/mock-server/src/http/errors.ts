import type { IncomingMessage, ServerResponse } from 'node:http';
import { acceptsJson, JSON_TYPE, send, sendJson } from './io';

/** An OAuth 2.0 error body as Spring Security OAuth2 renders it. */
export interface OAuthErrorBody {
  readonly error: string;
  readonly error_description: string;
  /** Extra fields, e.g. `scope` for `invalid_scope`. */
  readonly [extra: string]: string;
}

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function xmlDocument(root: string, fields: Record<string, unknown>): string {
  const inner = Object.entries(fields)
    .map(([key, value]) => `<${key}>${escapeXml(String(value))}</${key}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><${root}>${inner}</${root}>`;
}

/** `WWW-Authenticate` value Spring builds for an OAuth error. */
export function challenge(scheme: string, realm: string, body: OAuthErrorBody): string {
  const params = Object.entries(body).map(([k, v]) => `${k}="${v.replace(/["\\]/g, '')}"`);
  return [`${scheme} realm="${realm}"`, ...params].join(', ');
}

/**
 * Answer with an OAuth error: JSON when the caller's `Accept` allows it, else Spring's JAXB XML
 * (`<oauth><error_description/><error/></oauth>`). Always `Cache-Control: no-store`.
 */
export function sendOAuthError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: OAuthErrorBody,
  headers: Record<string, string> = {},
): void {
  const all = { ...NO_STORE, ...headers };
  if (acceptsJson(req.headers.accept)) {
    send(res, status, JSON_TYPE, JSON.stringify(body), all);
    return;
  }
  const { error, error_description: description, ...extra } = body;
  const xml = xmlDocument('oauth', { error_description: description, error, ...extra });
  send(res, status, 'application/xml;charset=UTF-8', xml, all);
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The reason phrase of an HTTP status. */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Error';
}

/**
 * Answer with Spring Boot's default (non-OAuth) error JSON:
 * `{"timestamp","status","error","message","path"}` (XML `<Map>` when JSON is not accepted).
 */
export function sendBootError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  options: { readonly now: number; readonly path: string; readonly message?: string },
  headers: Record<string, string> = {},
): void {
  const body = {
    timestamp: new Date(options.now).toISOString().replace('Z', '+00:00'),
    status,
    error: reasonPhrase(status),
    message: options.message ?? reasonPhrase(status),
    path: options.path,
  };
  if (acceptsJson(req.headers.accept)) {
    sendJson(res, status, body, headers);
    return;
  }
  send(res, status, 'application/xml;charset=UTF-8', xmlDocument('Map', body), headers);
}
