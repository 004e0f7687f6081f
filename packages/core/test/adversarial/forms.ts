/**
 * The canary secret of the adversarial suite, every encoded form a server or proxy may echo it
 * in, and the sweep that searches produced texts for any of them (whole or in part).
 */
import { inspect } from 'node:util';

/** A secret with `& # + % space é ✓ / =` in it: every separator a redactor may stop at. */
export const CANARY = 'Head&#+% é✓/=Tail-canary-7f3';
/** Short on purpose: any 12-character window of `id:secret` then holds secret characters. */
export const CLIENT_ID = 'adv-7';

const utf8 = (text: string): number[] => [...new TextEncoder().encode(text)];
const hex2 = (b: number): string => b.toString(16).padStart(2, '0');
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const b64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** `encodeURIComponent` with lower-case hex. */
export const percentLower = (text: string): string =>
  encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
/** `application/x-www-form-urlencoded` (`+` for a space). */
export const formEncode = (text: string): string =>
  new URLSearchParams({ v: text }).toString().slice(2);
/** Every non-alphanumeric byte percent-encoded (Java `URLEncoder` style, also `*~!'()`), `+` for space. */
export const javaEncode = (text: string, hexCase: 'upper' | 'lower' = 'upper'): string =>
  utf8(text)
    .map((b) => {
      const ch = String.fromCharCode(b);
      if (/[A-Za-z0-9]/.test(ch)) return ch;
      if (ch === ' ') return '+';
      const h = hex2(b);
      return `%${hexCase === 'upper' ? h.toUpperCase() : h}`;
    })
    .join('');
/** HTML escaping of the five special characters (named entities), as a template engine does. */
export const htmlEscape = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
/** HTML escaping that also writes non-ASCII as named/numeric entities (`&eacute;`, `&#10003;`). */
export const htmlEscapeAll = (text: string): string =>
  [...htmlEscape(text)]
    .map((ch) =>
      ch === 'é' ? '&eacute;' : ch.codePointAt(0)! > 127 ? `&#${ch.codePointAt(0)};` : ch,
    )
    .join('');
/** Every character as a decimal entity. */
export const htmlDecimal = (text: string): string =>
  [...text].map((ch) => `&#${ch.codePointAt(0)};`).join('');
/** Every character as a hex entity. */
export const htmlHex = (text: string): string =>
  [...text].map((ch) => `&#x${ch.codePointAt(0)!.toString(16)};`).join('');
/** JSON string content as `JSON.stringify` writes it. */
export const jsonEscape = (text: string): string => JSON.stringify(text).slice(1, -1);
/** JSON string content with every UTF-16 unit as `\uXXXX`. */
export const jsonUnicode = (text: string): string =>
  [...text]
    .flatMap((ch) => (ch.length === 1 ? [ch] : [ch[0]!, ch[1]!]))
    .map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .join('');
/** JSON string content with `/` written as `\/` (PHP, Java JSON writers). */
export const jsonSlash = (text: string): string => jsonEscape(text).replace(/\//g, '\\/');

/** Encoders that work character by character: the encoding of a part is a part of the encoding. */
export const CHARWISE: Readonly<Record<string, (text: string) => string>> = {
  raw: (t) => t,
  'raw plus-space': (t) => t.replace(/ /g, '+'),
  'percent upper': encodeURIComponent,
  'percent lower': percentLower,
  'percent plus-space': (t) => encodeURIComponent(t).replace(/%20/g, '+'),
  'java URLEncoder': (t) => javaEncode(t),
  'java URLEncoder lower': (t) => javaEncode(t, 'lower'),
  'double percent': (t) => encodeURIComponent(encodeURIComponent(t)),
  form: formEncode,
  'html named': htmlEscape,
  'html all': htmlEscapeAll,
  'html re-escaped': (t) => htmlEscape(htmlEscape(t)),
  'html decimal': htmlDecimal,
  'html hex': htmlHex,
  json: jsonEscape,
  'json unicode': jsonUnicode,
  'json slash': jsonSlash,
  hex: (t) => utf8(t).map(hex2).join(''),
};

/** Every encoded form of the secret and of the `id:secret` pair, keyed by a readable name. */
export function forms(secret: string, clientId: string): Map<string, string> {
  const out = new Map<string, string>();
  const pair = `${clientId}:${secret}`;
  const formPair = `${formEncode(clientId)}:${formEncode(secret)}`;
  for (const [label, text] of [
    ['secret', secret],
    ['pair', pair],
  ] as const) {
    for (const [name, encode] of Object.entries(CHARWISE))
      out.set(`${label} ${name}`, encode(text));
    // Base64 at the three byte alignments (as part of a larger encoded text), both alphabets.
    for (const prefix of ['', 'a', 'ab']) {
      out.set(`${label} base64 +${prefix.length}`, b64(prefix + text));
      out.set(`${label} base64url +${prefix.length}`, b64url(prefix + text));
    }
  }
  out.set('form pair base64 (client_secret_basic)', b64(formPair));
  out.set('form pair base64url', b64url(formPair));
  out.set(
    'percent pair base64',
    b64(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`),
  );
  return out;
}

/** A partial leak: this many characters of the secret (or of `id:secret`), in any encoding. */
export const WINDOW = 12;
/** A partial leak of a base64 form: this many base64 characters (12 bytes). */
const B64_WINDOW = 16;

/**
 * The needles of the sweep, each with the name of the form it came from: every whole form; for
 * character-wise encodings the encoding of every `WINDOW`-character part of the secret and of
 * the pair; for base64 every `B64_WINDOW`-character part that depends on secret bytes only.
 */
export function needles(secret: string, clientId: string): { name: string; needle: string }[] {
  const list: { name: string; needle: string }[] = [];
  const seen = new Set<string>();
  const add = (name: string, needle: string): void => {
    if (seen.has(needle)) return;
    seen.add(needle);
    list.push({ name, needle });
  };
  for (const [name, form] of forms(secret, clientId)) add(name, form);
  for (const [label, text] of [
    ['secret', [...secret]],
    ['pair', [...`${clientId}:${secret}`]],
  ] as const) {
    for (let i = 0; i + WINDOW <= text.length; i++) {
      const part = text.slice(i, i + WINDOW).join('');
      for (const [name, encode] of Object.entries(CHARWISE))
        add(`${label} ${name} (part)`, encode(part));
    }
  }
  for (const [name, form] of forms(secret, clientId)) {
    if (!name.includes('base64')) continue;
    // The first 4 characters may encode the alignment prefix or the client id; the last 4 the padding.
    const body = form.slice(4, -4);
    for (let i = 0; i + B64_WINDOW <= body.length; i++)
      add(`${name} (part)`, body.slice(i, i + B64_WINDOW));
  }
  return list;
}

/** Needles of a token: the whole value, its percent and JSON forms, and windows of its random part. */
export function tokenNeedles(
  token: string,
  randomPart: string,
): { name: string; needle: string }[] {
  const list = [token, encodeURIComponent(token), jsonSlash(token), b64(token)].map((needle) => ({
    name: 'token',
    needle,
  }));
  for (let i = 0; i + 16 <= randomPart.length; i++)
    list.push({ name: 'token part', needle: randomPart.slice(i, i + 16) });
  return list;
}

/** One produced text and where it came from. */
export interface Produced {
  readonly where: string;
  readonly text: string;
}

/** The leaks found: which needle (by form name) showed up where, with some context. */
export function sweep(
  produced: readonly Produced[],
  list: readonly { name: string; needle: string }[],
): string[] {
  const found: string[] = [];
  for (const { where, text } of produced) {
    for (const { name, needle } of list) {
      const at = text.indexOf(needle);
      if (at < 0) continue;
      found.push(
        `${name} in ${where}: …${text.slice(Math.max(0, at - 30), at + needle.length + 30)}…`,
      );
      break; // one finding per text is enough to fail and keeps the report readable
    }
  }
  return found;
}

/** Texts of any value: the string, `inspect` with hidden properties, and JSON. */
export function textsOf(where: string, value: unknown): Produced[] {
  const out: Produced[] = [];
  if (typeof value === 'string') out.push({ where, text: value });
  out.push({ where: `${where} inspect`, text: inspect(value, { showHidden: true, depth: 10 }) });
  try {
    out.push({ where: `${where} JSON`, text: JSON.stringify(value) ?? '' });
  } catch (error) {
    out.push({ where: `${where} JSON threw`, text: String(error) });
  }
  return out;
}

/**
 * Every text an error exposes: message, stack, each cause (depth 10), inspect with hidden
 * properties, JSON, `error`/`errorDescription`, and its `response` (each header, the body text).
 */
export async function errorTexts(where: string, error: unknown): Promise<Produced[]> {
  const out: Produced[] = textsOf(where, error);
  let current: unknown = error;
  for (let depth = 0; depth < 10 && typeof current === 'object' && current !== null; depth++) {
    const e = current as Record<string, unknown>;
    for (const key of ['message', 'stack', 'name', 'code', 'error', 'errorDescription'])
      if (typeof e[key] === 'string')
        out.push({ where: `${where} cause[${depth}].${key}`, text: e[key] });
    const response = e.response;
    if (response instanceof Response) {
      response.headers.forEach((value, name) =>
        out.push({
          where: `${where} cause[${depth}].response header ${name}`,
          text: `${name}: ${value}`,
        }),
      );
      out.push({ where: `${where} response url`, text: response.url });
      try {
        out.push({ where: `${where} response body`, text: await response.clone().text() });
      } catch (e2) {
        out.push({ where: `${where} response body unreadable`, text: String(e2) });
      }
    }
    current = e.cause;
  }
  return out;
}
