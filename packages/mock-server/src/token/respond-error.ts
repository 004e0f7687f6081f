import type { IncomingMessage, ServerResponse } from 'node:http';
import { challenge, reasonPhrase, sendBootError, sendOAuthError } from '../http/errors';
import type { TokenRejection } from './validate';

/** The stats outcome name of a rejection. */
export function rejectionOutcome(rejection: TokenRejection): string {
  return rejection.type;
}

/** The status a rejection answers with. */
export function rejectionStatus(rejection: TokenRejection): number {
  switch (rejection.type) {
    case 'method_not_allowed':
      return 405;
    case 'no_credentials':
    case 'invalid_client':
      return 401;
    default:
      return 400;
  }
}

/** Answer a refused token request exactly like Spring Security OAuth2's token endpoint. */
export function sendRejection(
  req: IncomingMessage,
  res: ServerResponse,
  rejection: TokenRejection,
  now: number,
): void {
  switch (rejection.type) {
    case 'method_not_allowed': {
      const body = {
        error: 'method_not_allowed',
        error_description: `Request method '${rejection.method}' not supported`,
      };
      sendOAuthError(req, res, 405, body, { Allow: 'POST' });
      return;
    }
    case 'no_credentials':
      sendBootError(
        req,
        res,
        401,
        { now, path: '/oauth/token' },
        { 'WWW-Authenticate': 'Basic realm="oauth2/client"' },
      );
      return;
    case 'invalid_client': {
      const body = { error: 'invalid_client', error_description: 'Bad client credentials' };
      const scheme = rejection.source === 'basic' ? 'Basic' : 'Form';
      sendOAuthError(req, res, 401, body, {
        'WWW-Authenticate': challenge(scheme, 'oauth2/client', body),
      });
      return;
    }
    case 'invalid_scope':
      sendOAuthError(req, res, 400, {
        error: 'invalid_scope',
        error_description: `Invalid scope: ${rejection.scope}`,
        scope: rejection.allowed.join(' '),
      });
      return;
    case 'invalid_request':
      sendOAuthError(req, res, 400, {
        error: 'invalid_request',
        error_description: 'Missing grant type',
      });
      return;
    case 'unsupported_grant_type':
      sendOAuthError(req, res, 400, {
        error: 'unsupported_grant_type',
        error_description: `Unsupported grant type: ${rejection.grantType}`,
      });
      return;
  }
}

/** The OAuth error code an injected failure status answers with. */
function errorCodeFor(status: number): string {
  if (status >= 500) return 'server_error';
  if (status === 429) return 'too_many_requests';
  if (status === 401) return 'invalid_client';
  if (status === 403) return 'access_denied';
  return 'invalid_request';
}

/** Answer an injected failure status (500, 503, 429, …) with an OAuth-shaped body. */
export function sendInjectedFailure(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  retryAfterSeconds: number | undefined,
): void {
  const headers: Record<string, string> =
    retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) };
  const body = { error: errorCodeFor(status), error_description: reasonPhrase(status) };
  sendOAuthError(req, res, status, body, headers);
}
