import type { IncomingMessage, ServerResponse } from 'node:http';
import { send, JSON_TYPE } from '../http/io';
import type { TokenFaultKind } from '../types';
import { expiresIn, type IssuedToken } from './mint';

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/** The 200 body in Spring's field order; a body fault reshapes it. */
function tokenBody(
  token: IssuedToken,
  now: number,
  fault: TokenFaultKind | undefined,
): Record<string, unknown> {
  const seconds = expiresIn(token, now);
  const body: Record<string, unknown> = {
    access_token: token.value,
    token_type: fault === 'token-type-mac' ? 'mac' : 'bearer',
    expires_in: seconds,
    scope: token.scope.join(' '),
    jti: token.jti,
  };
  if (fault === 'missing-access-token') delete body['access_token'];
  if (fault === 'expires-in-string') body['expires_in'] = String(seconds);
  if (fault === 'expires-in-negative') body['expires_in'] = -Math.abs(seconds || 1);
  if (fault === 'expires-in-huge') body['expires_in'] = Number.MAX_SAFE_INTEGER;
  return body;
}

function toXml(body: Record<string, unknown>): string {
  const fields = Object.entries(body)
    .map(([k, v]) => `<${k}>${String(v)}</${k}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><oauth>${fields}</oauth>`;
}

/**
 * Write a successful token response (`expires_in` computed now, at response time), reshaped by
 * a body fault if one was queued. `Cache-Control: no-store` like Spring.
 */
export function sendTokenSuccess(
  _req: IncomingMessage,
  res: ServerResponse,
  token: IssuedToken,
  now: number,
  fault: TokenFaultKind | undefined,
): void {
  const body = tokenBody(token, now, fault);
  if (fault === 'xml') {
    send(res, 200, 'application/xml;charset=UTF-8', toXml(body), NO_STORE);
    return;
  }
  send(res, 200, JSON_TYPE, JSON.stringify(body), NO_STORE);
}
