import type { IncomingMessage, ServerResponse } from 'node:http';
import { delay, type MockContext } from '../context';
import { challenge, sendBootError, sendOAuthError } from '../http/errors';
import { pathOf, readBody, sendJson } from '../http/io';
import { findRoute, REQUIRED_SCOPE } from './routes';
import { extractBearer, verifyBearer, type TokenFailure } from './verify';

const REALM = 'oauth2-resource';

function sendTokenFailure(
  req: IncomingMessage,
  res: ServerResponse,
  failure: TokenFailure,
): number {
  if (failure.type === 'wrong_audience') {
    sendOAuthError(req, res, 403, {
      error: 'access_denied',
      error_description: 'Invalid token does not contain resource id (resource-server-rest-api)',
    });
    return 403;
  }
  const body =
    failure.type === 'missing'
      ? {
          error: 'unauthorized',
          error_description: 'Full authentication is required to access this resource',
        }
      : { error: 'invalid_token', error_description: failure.description };
  sendOAuthError(req, res, 401, body, { 'WWW-Authenticate': challenge('Bearer', REALM, body) });
  return 401;
}

function parseJsonObject(text: string): Record<string, unknown> | string {
  if (text.trim() === '') return 'Required request body is missing';
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
    return 'JSON parse error: expected an object';
  } catch {
    return 'JSON parse error: malformed JSON';
  }
}

/** The status sent, or the verified client id of an authorised call (answered 200). */
async function answer(
  ctx: MockContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<number | { readonly clientId: string }> {
  const body = await readBody(req);
  const verification = verifyBearer(extractBearer(req), {
    secret: ctx.signingSecret,
    now: ctx.now(),
    revoked: ctx.faults.revoked,
  });
  if (!verification.ok) return sendTokenFailure(req, res, verification.failure);
  const { principal } = verification;
  if (!principal.scope.includes(REQUIRED_SCOPE)) {
    const error = {
      error: 'insufficient_scope',
      error_description: 'Insufficient scope for this resource',
      scope: REQUIRED_SCOPE,
    };
    sendOAuthError(req, res, 403, error, { 'WWW-Authenticate': challenge('Bearer', REALM, error) });
    return 403;
  }
  const route = findRoute(path);
  if (!route) return bootError(ctx, req, res, 404, path);
  if (req.method !== route.method)
    return bootError(ctx, req, res, 405, path, { Allow: route.method });
  if (route.authority !== undefined && !principal.authorities.includes(route.authority)) {
    sendOAuthError(req, res, 403, {
      error: 'access_denied',
      error_description: 'Access is denied',
    });
    return 403;
  }
  let input: Record<string, unknown> = {};
  if (route.method === 'POST') {
    const parsed = parseJsonObject(body);
    if (typeof parsed === 'string') return bootError(ctx, req, res, 400, path, {}, parsed);
    input = parsed;
  }
  sendJson(res, 200, route.respond(input, principal.clientId));
  return { clientId: principal.clientId };
}

function bootError(
  ctx: MockContext,
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  path: string,
  headers: Record<string, string> = {},
  message?: string,
): number {
  const options =
    message === undefined ? { now: ctx.now(), path } : { now: ctx.now(), path, message };
  sendBootError(req, res, status, options, headers);
  return status;
}

/** Handle `/products/...`: latency, bearer verification, authority check, then a plausible answer. */
export async function handleApi(
  ctx: MockContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = pathOf(req);
  await delay(ctx.faults.delayFor('api'), ctx.closing);
  const outcome = await answer(ctx, req, res, path);
  if (typeof outcome === 'number') ctx.stats.apiCall(path, outcome);
  else ctx.stats.apiCall(path, 200, outcome.clientId);
}
