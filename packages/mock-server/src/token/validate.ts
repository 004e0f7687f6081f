import type { IncomingMessage } from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { MockClient } from '../types';
import type { ClientRegistry } from '../clients';
import type { Credentials, TokenParams } from './credentials';

/** The outcome of checking a token request, before anything is minted. */
export type TokenDecision =
  | { readonly ok: true; readonly client: MockClient; readonly scope: readonly string[] }
  | { readonly ok: false; readonly error: TokenRejection };

/** Why a token request is refused (each maps to one error row of Spring's token endpoint). */
export type TokenRejection =
  | { readonly type: 'method_not_allowed'; readonly method: string }
  | { readonly type: 'no_credentials' }
  | { readonly type: 'invalid_client'; readonly source: 'params' | 'basic' }
  | { readonly type: 'invalid_scope'; readonly scope: string; readonly allowed: readonly string[] }
  | { readonly type: 'invalid_request' }
  | { readonly type: 'unsupported_grant_type'; readonly grantType: string };

function sameSecret(a: string, b: string): boolean {
  const hash = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(hash(a), hash(b));
}

function authenticate(credentials: Credentials, clients: ClientRegistry): MockClient | undefined {
  if (credentials.kind !== 'present') return undefined;
  const pairs = [
    [credentials.clientId, credentials.clientSecret] as const,
    ...credentials.alternatives,
  ];
  for (const [id, secret] of pairs) {
    const client = clients.get(id);
    if (client && sameSecret(client.clientSecret, secret)) return client;
  }
  return undefined;
}

/** Spring's `OAuth2Utils.parseParameterList`: split on whitespace and commas. */
function parseScope(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter((s) => s !== '');
}

/**
 * Check a token request in Spring's order: method, client authentication, scope, grant type.
 */
export function decide(
  req: IncomingMessage,
  params: TokenParams,
  credentials: Credentials,
  clients: ClientRegistry,
): TokenDecision {
  const method = req.method ?? 'GET';
  if (method !== 'POST') return { ok: false, error: { type: 'method_not_allowed', method } };
  if (credentials.kind === 'none') return { ok: false, error: { type: 'no_credentials' } };
  const client = authenticate(credentials, clients);
  if (!client) return { ok: false, error: { type: 'invalid_client', source: credentials.source } };
  const requested = parseScope(params.get('scope'));
  const invalid = requested.find((s) => !client.scope.includes(s));
  if (invalid !== undefined) {
    return { ok: false, error: { type: 'invalid_scope', scope: invalid, allowed: client.scope } };
  }
  const grantType = params.get('grant_type');
  if (grantType === undefined || grantType.trim() === '') {
    return { ok: false, error: { type: 'invalid_request' } };
  }
  if (grantType !== 'client_credentials') {
    return { ok: false, error: { type: 'unsupported_grant_type', grantType } };
  }
  return { ok: true, client, scope: requested.length > 0 ? requested : client.scope };
}
