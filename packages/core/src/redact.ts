import { base64ToUrl, toBase64, utf8 } from './bytes';
import { MESSAGE_MAX, neutralize, outsideText } from './outside-text';
import { encodedSecret, findEncoded, type EncodedSecret } from './redact-encoded';

/**
 * The one owner of redaction: every text this package produces (messages, stacks, causes, logs,
 * events, error responses) passes through a {@link Redactor} built here. Secrets are removed by
 * value, in every encoding a server or proxy may re-encode them into, before anything is cut.
 */

/** Placeholder written in place of a secret. */
export const REDACTED = '[REDACTED]';

const SECRET_PARAM =
  /((?:^|[?&#;\s"'])(?:client_secret|access_token|refresh_token|password)=)[^&#\s"')]*/gi;
const BASIC_OR_BEARER = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/gi;
const JWT_LIKE = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const SECRET_JSON =
  /("(?:client_secret|access_token|refresh_token|password)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
/** Spring Security's texts that echo a token (`Access token expired: <token>`). */
const SPRING_TOKEN =
  /\b((?:access token expired|invalid access token|invalid token):\s*)[^\s"'<>,;]+/gi;
/** Tokens remembered per redactor (the current one and a few before it). */
const MAX_TOKENS = 8;

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
 * `Basic`/`Bearer` credentials, JWT-shaped strings, JSON secret fields and Spring's
 * `Access token expired: <token>`. Patterns only: a secret that appears in none of these forms is
 * not found here (every `TokenManager` also removes its own secret and tokens by value).
 */
export function redactText(text: string): string {
  return text
    .replace(SECRET_PARAM, `$1${REDACTED}`)
    .replace(SECRET_JSON, `$1"${REDACTED}"`)
    .replace(BASIC_OR_BEARER, `$1 ${REDACTED}`)
    .replace(SPRING_TOKEN, `$1${REDACTED}`)
    .replace(JWT_LIKE, (jwt) => redactToken(jwt));
}

/** A URL with `client_secret` (and any token parameter) replaced by `[REDACTED]`. */
export function redactUrl(url: string | URL): string {
  return redactText(String(url));
}

/** Removes a manager's secrets (in every encoding), the tokens it has seen, and known patterns. */
export interface Redactor {
  (text: string): string;
  /** Also remove this token (and its encodings) from every later text. */
  remember(token: string): void;
}

const hex2 = (byte: number): string => byte.toString(16).padStart(2, '0');

/**
 * Base64 / base64url / hex strings that appear in the encoding of ANY text containing `variant`:
 * for each of the three byte alignments, the characters that depend only on its bytes.
 */
function encodedNeedles(variant: string): string[] {
  const bytes = utf8(variant);
  const out: string[] = [
    [...bytes].map(hex2).join(''),
    [...bytes].map(hex2).join('').toUpperCase(),
  ];
  for (let j = 0; j < 3; j++) {
    const whole = Math.floor((bytes.length - j) / 3) * 3;
    if (whole < 6) continue;
    const b64 = toBase64(bytes.subarray(j, j + whole));
    out.push(b64, b64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  const full = toBase64(bytes);
  out.push(full, full.replace(/=+$/, ''), base64ToUrl(full));
  return out.filter((n) => n.length >= 8);
}

const formEncode = (text: string): string => new URLSearchParams({ v: text }).toString().slice(2);

/** `text` with each span replaced by {@link REDACTED}. */
function replaceSpans(text: string, spans: readonly (readonly [number, number])[]): string {
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += text.slice(at, start) + REDACTED;
    at = end;
  }
  return out + text.slice(at);
}

/**
 * Build the {@link Redactor} of a manager: `secrets` (the client secret) and `pairs` (`id:secret`
 * as sent in HTTP Basic) are removed in every encoding; tokens passed to `remember()` by value.
 * Redaction runs on the whole text first; callers cut the result afterwards.
 */
export function createRedactor(
  secrets: readonly string[],
  pairs: readonly (readonly [string, string])[] = [],
): Redactor {
  const encoded: EncodedSecret[] = [];
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 3) continue; // too short to search for without mangling text
    encoded.push(encodedSecret(secret));
    const variants = [
      secret,
      encodeURIComponent(secret),
      formEncode(secret),
      JSON.stringify(secret).slice(1, -1),
    ];
    for (const v of variants) for (const n of encodedNeedles(v)) needles.add(n);
  }
  for (const [id, secret] of pairs) {
    if (secret.length < 3) continue;
    for (const pair of [`${id}:${secret}`, `${formEncode(id)}:${formEncode(secret)}`])
      for (const n of encodedNeedles(pair)) needles.add(n);
  }
  const tokens: string[] = [];
  let tokenNeedles: string[] = [];
  const strings = (): string[] => [...needles, ...tokenNeedles].sort((a, b) => b.length - a.length);
  let list = strings();
  const redact = ((text: string): string => {
    let out = text; // the whole text: cutting first could leave part of a secret behind
    for (const secret of encoded) out = replaceSpans(out, findEncoded(out, secret));
    for (const needle of list) if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    return redactText(out);
  }) as Redactor;
  redact.remember = (token: string): void => {
    if (token.length < 8 || tokens.includes(token)) return;
    tokens.unshift(token);
    tokens.length = Math.min(tokens.length, MAX_TOKENS);
    tokenNeedles = tokens.flatMap((t) => [t, encodeURIComponent(t), t.replace(/\//g, '\\/')]);
    list = strings();
  };
  return redact;
}

/**
 * A copy of `error` safe to attach as a `cause` or rethrow: name, message, stack, `code` and the
 * `cause` chain, every text shown as outside text (`outsideText`: redacted, control and format
 * characters escaped, capped; the stack keeps one line per frame); nothing else of the original
 * (which may hold URLs, configs or responses) is kept. Errors of this package are kept as they
 * are (built that way).
 */
export function sanitizeCause(error: unknown, redact: Redactor, depth = 0): unknown {
  if (depth > 5) return undefined;
  if (typeof error !== 'object' || error === null) {
    return typeof error === 'string' ? outsideText(error, { redact, max: MESSAGE_MAX }) : error;
  }
  if (isOurs(error)) return error;
  const e = error as {
    message?: unknown;
    stack?: unknown;
    cause?: unknown;
    name?: unknown;
    code?: unknown;
  };
  const cause = e.cause === undefined ? undefined : sanitizeCause(e.cause, redact, depth + 1);
  const rawMessage =
    typeof e.message === 'string' ? e.message : Object.prototype.toString.call(error);
  const message = outsideText(rawMessage, { redact, max: MESSAGE_MAX });
  const copy = new Error(message, cause === undefined ? undefined : { cause });
  const rawName = typeof e.name === 'string' ? e.name : 'Error';
  const name = outsideText(rawName, { redact, max: 100 });
  Object.defineProperty(copy, 'name', { value: name, configurable: true, writable: true });
  copy.stack = `${name}: ${message}${typeof e.stack === 'string' ? frames(e.stack, `${rawName}: ${rawMessage}`, redact) : ''}`;
  if (typeof e.code === 'string' || typeof e.code === 'number')
    Object.assign(copy, {
      code: typeof e.code === 'string' ? outsideText(e.code, { redact, max: 100 }) : e.code,
    });
  return copy;
}

/**
 * The frames of a stack (`\n    at …` lines), each shown as outside text. The header (name and
 * message, which may span lines) is left out: the copy writes its own, escaped.
 */
function frames(stack: string, header: string, redact: Redactor): string {
  const rest = stack.startsWith(header) ? stack.slice(header.length) : stack;
  const lines = rest.split('\n').filter((line) => /^\s+at /.test(line));
  return lines.map((line) => `\n${outsideText(line, { redact, max: 300 })}`).join('');
}

function isOurs(value: object): boolean {
  return (value as Record<symbol, unknown>)[Symbol.for('@adumo-oauth/core:error')] === true;
}

/** A short description of a low-level error (message and `code`, following `cause`), as outside text. */
export function describeError(error: unknown, redact: Redactor): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let i = 0; i < 3 && typeof current === 'object' && current !== null; i++) {
    const e = current as { message?: unknown; code?: unknown; cause?: unknown };
    if (typeof e.message === 'string' && e.message !== '' && !parts.includes(e.message))
      parts.push(e.message);
    if (typeof e.code === 'string' && !parts.includes(e.code)) parts.push(e.code);
    current = e.cause;
  }
  if (parts.length === 0)
    parts.push(
      typeof error === 'object' && error !== null
        ? Object.prototype.toString.call(error) // never the object's own toString()
        : String(error),
    );
  return outsideText(parts.join(': '), { redact, max: 300 });
}

/** How much of an error answer's body an error exposes (`error.response`). */
const RESPONSE_BODY_MAX = 16_384;
/** Longer than any encoding of a secret (up to a few hundred characters) that we redact. */
const REDACTION_MARGIN = 8192;

/**
 * The start of `text`, redacted, at most about `max` characters (the caller caps exactly): a long
 * text is cut at `max` + a margin first, so a 1 MiB text costs what a few KiB cost; after
 * redaction the margin is dropped too, since a secret the first cut split (and redaction could
 * not recognise) lies in it, however much redaction shortened the text before it.
 */
export function redactStart(
  text: string,
  redact: (text: string) => string,
  max: number,
): { readonly text: string; readonly cut: boolean } {
  const limit = max + REDACTION_MARGIN;
  if (text.length <= limit) return { text: redact(text), cut: false };
  const redacted = redact(text.slice(0, limit));
  return { text: redacted.slice(0, Math.max(0, redacted.length - REDACTION_MARGIN)), cut: true };
}

/**
 * A copy of an HTTP answer safe to expose on an error: every header value redacted with its
 * control and format characters escaped (a header whose name would change is dropped), the first
 * 16 KiB of the body text redacted ({@link redactStart}; the body is data: otherwise as sent), no
 * URL.
 */
export function redactedResponse(
  res: { readonly status: number; readonly statusText: string; readonly headers: Headers },
  text: string,
  redact: Redactor,
): Response {
  const headers = new Headers();
  res.headers.forEach((value, name) => {
    if (redact(name) === name) headers.append(name, neutralize(redact(value)));
  });
  const nullBody = [101, 103, 204, 205, 304].includes(res.status);
  const margin = RESPONSE_BODY_MAX + 8192;
  const body = redact(text.length > margin ? text.slice(0, margin) : text).slice(
    0,
    RESPONSE_BODY_MAX,
  );
  return new Response(nullBody ? null : body, {
    status: res.status < 200 || res.status > 599 ? 502 : res.status,
    statusText: redact(res.statusText).replace(/[^\t\x20-\x7e]/g, ''),
    headers,
  });
}
