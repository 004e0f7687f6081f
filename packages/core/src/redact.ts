/** Placeholder written in place of a secret. */
export const REDACTED = '[REDACTED]';

const SECRET_PARAM =
  /((?:^|[?&#;\s"'])(?:client_secret|access_token|refresh_token|password)=)[^&#\s"')]*/gi;
const BASIC_OR_BEARER = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/gi;
const JWT_LIKE = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const SECRET_JSON =
  /("(?:client_secret|access_token|refresh_token|password)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

/**
 * A token shortened for logs: the first 6 characters and its length, e.g. `eyJhbG…(412 chars)`.
 * Never enough to use or reconstruct the token.
 */
export function redactToken(token: string): string {
  if (token.length <= 12) return `…(${token.length} chars)`;
  return `${token.slice(0, 6)}…(${token.length} chars)`;
}

/**
 * Remove credentials from free text: `client_secret=` (and token) query/form parameters,
 * `Basic`/`Bearer` credentials, JWT-shaped strings and JSON secret fields. Literal secrets known
 * to a manager are removed by {@link createRedactor}.
 */
export function redactText(text: string): string {
  return text
    .replace(SECRET_PARAM, `$1${REDACTED}`)
    .replace(SECRET_JSON, `$1"${REDACTED}"`)
    .replace(BASIC_OR_BEARER, `$1 ${REDACTED}`)
    .replace(JWT_LIKE, (jwt) => redactToken(jwt));
}

/** A URL with `client_secret` (and any token parameter) replaced by `[REDACTED]`. */
export function redactUrl(url: string | URL): string {
  return redactText(String(url));
}

/** A function that removes the given literal secrets (and their encoded forms) and known patterns. */
export type Redactor = (text: string) => string;

/** Build a {@link Redactor} for a manager's secrets (the client secret and its encodings). */
export function createRedactor(secrets: readonly string[]): Redactor {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 3) continue; // too short to search for without mangling text
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
    needles.add(new URLSearchParams({ s: secret }).toString().slice(2));
    needles.add(JSON.stringify(secret).slice(1, -1));
  }
  const list = [...needles].filter((n) => n.length > 0).sort((a, b) => b.length - a.length);
  return (text: string): string => {
    let out = text;
    for (const needle of list) if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    return redactText(out);
  };
}
