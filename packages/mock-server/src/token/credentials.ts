import type { IncomingMessage } from 'node:http';

/** Request parameters as a servlet sees them: query string first, then a form body. */
export interface TokenParams {
  /** First value of a parameter (query before form), like `ServletRequest.getParameter`. */
  get(name: string): string | undefined;
}

/** Where the client put its credentials. */
export type CredentialSource = 'params' | 'basic';

/** Credentials found on a token request. */
export type Credentials =
  | { readonly kind: 'none' }
  | { readonly kind: 'malformed'; readonly source: 'basic' }
  | {
      readonly kind: 'present';
      readonly source: CredentialSource;
      readonly clientId: string;
      readonly clientSecret: string;
      /** Alternative decodings to try (Basic credentials may or may not be form-urlencoded). */
      readonly alternatives: readonly (readonly [string, string])[];
    };

/** Merge the query string and an `application/x-www-form-urlencoded` body into one parameter view. */
export function tokenParams(req: IncomingMessage, body: string): TokenParams {
  const query = new URL(req.url ?? '/', 'http://mock').searchParams;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const form = type.startsWith('application/x-www-form-urlencoded')
    ? new URLSearchParams(body)
    : new URLSearchParams();
  return { get: (name) => query.get(name) ?? form.get(name) ?? undefined };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * Find the client credentials with Spring's precedence: a `client_id` parameter (query or form,
 * `client_secret` defaulting to empty) wins over HTTP Basic; with neither there are none
 * (a lone `client_secret` parameter does not count).
 */
export function findCredentials(req: IncomingMessage, params: TokenParams): Credentials {
  const clientId = params.get('client_id');
  if (clientId !== undefined) {
    return {
      kind: 'present',
      source: 'params',
      clientId,
      clientSecret: params.get('client_secret') ?? '',
      alternatives: [],
    };
  }
  const header = req.headers.authorization;
  if (header === undefined || !/^basic /i.test(header.trim())) return { kind: 'none' };
  const decoded = Buffer.from(header.trim().slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { kind: 'malformed', source: 'basic' };
  const id = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  return {
    kind: 'present',
    source: 'basic',
    clientId: id,
    clientSecret: secret,
    alternatives: [[safeDecode(id), safeDecode(secret)]],
  };
}

/** The client id a request claims, for the stats (`undefined` when none can be read). */
export function claimedClientId(credentials: Credentials): string | undefined {
  return credentials.kind === 'present' ? credentials.clientId : undefined;
}
