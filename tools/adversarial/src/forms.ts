/**
 * The canary secret of the adversarial suites, every encoded form a server or proxy may echo it
 * in, and the sweep that searches produced texts for any of them (whole or in part); every class
 * of character no text of ours may show as itself, and the checks for them.
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

/**
 * One of every class of character no text of ours may show as itself: C0 controls (ESC, BEL,
 * NUL, CR, LF, TAB), DEL, C1 controls (U+0080–U+009F, CSI U+009B among them), the line and
 * paragraph separators, bidi embeddings, overrides and isolates, zero-width and other format
 * characters, and lone surrogates.
 */
export const HOSTILE_CHARS: Readonly<Record<string, string>> = {
  ESC: '\u001b',
  BEL: '\u0007',
  NUL: '\u0000',
  CR: '\r',
  LF: '\n',
  TAB: '\t',
  DEL: '\u007f',
  'C1 U+0080': '\u0080',
  'C1 NEL U+0085': '\u0085',
  'C1 CSI U+009B': '\u009b',
  'C1 U+009F': '\u009f',
  'LINE SEPARATOR U+2028': '\u2028',
  'PARAGRAPH SEPARATOR U+2029': '\u2029',
  'LRE U+202A': '\u202a',
  'RLE U+202B': '\u202b',
  'PDF U+202C': '\u202c',
  'LRO U+202D': '\u202d',
  'RLO U+202E': '\u202e',
  'LRI U+2066': '\u2066',
  'RLI U+2067': '\u2067',
  'FSI U+2068': '\u2068',
  'PDI U+2069': '\u2069',
  'ZWSP U+200B': '\u200b',
  'ZWNJ U+200C': '\u200c',
  'ZWJ U+200D': '\u200d',
  'LRM U+200E': '\u200e',
  'RLM U+200F': '\u200f',
  'WORD JOINER U+2060': '\u2060',
  'BOM U+FEFF': '\ufeff',
  'lone high surrogate': '\ud800',
  'lone low surrogate': '\udfff',
};

/** Characters after which a terminal or a log reader starts a new line. */
const LINE_BREAKS = new Set(['\r', '\n', '\u2028', '\u2029', '\u0085']);

/**
 * A hostile text holding every {@link HOSTILE_CHARS} class, as an attacker would use them: OSC 52
 * (write the clipboard), `ESC[2J` (clear the screen), OSC 8 (a hidden hyperlink), a C1 CSI
 * colour, a bidi override, and each line break followed by a forged log line (`FORGED`), so a raw
 * break in a multi-line text (`inspect()`, a stack) is told from the text's own layout.
 */
export function hostileText(tag: string): string {
  const parts = [
    `${tag}:`,
    '\u001b]52;c;Rk9SR0VE\u0007',
    '\u001b[2J',
    '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\',
    '\u009b31m',
  ];
  for (const [name, ch] of Object.entries(HOSTILE_CHARS)) {
    if (LINE_BREAKS.has(ch)) parts.push(`${ch}FORGED [adumo-oauth] ${name}`);
    else parts.push(`<${ch}>`); // a lone surrogate stays lone between two ASCII characters
  }
  return `${parts.join('')}:end`;
}

/** `U+XXXX` for each raw unshowable character in `text`. */
const UNSAFE_CHAR = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/**
 * The raw unshowable characters in `text` (`U+XXXX` each, at most 8). `layout`: a multi-line text
 * by design (`inspect()`, a stack): its own line feeds are allowed, but no line break may be
 * followed by a forged line of {@link hostileText}.
 */
export function rawUnsafe(text: string, layout = false): string[] {
  const checked = layout ? text.replace(/\n(?![ \t]*FORGED)/g, '') : text;
  const found = checked.match(UNSAFE_CHAR) ?? [];
  return [...new Set(found)]
    .slice(0, 8)
    .map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Texts laid out on several lines by design: `inspect()` output and stacks. */
export const isLayout = (where: string): boolean => /inspect|stack/.test(where);

/**
 * Every produced text holding a raw unshowable character, as `where: U+XXXX …` (empty when none).
 * `skip` names texts that are data, not shown text (the body of `error.response`).
 */
export function unsafeFindings(
  produced: readonly Produced[],
  skip: (where: string) => boolean = (where) => where.includes('response body'),
): string[] {
  const out: string[] = [];
  for (const { where, text } of produced) {
    if (skip(where)) continue;
    const found = rawUnsafe(text, isLayout(where));
    if (found.length > 0) out.push(`${where}: ${found.join(' ')}`);
  }
  return out;
}

/** Raw unshowable characters per surface (the part of `where` before the first space or dot). */
export function findingsBySurface(findings: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of findings) {
    const surface = f.split(/[ :.[]/)[0] ?? f;
    out[surface] = (out[surface] ?? 0) + 1;
  }
  return out;
}

/** The length of `text` without a trailing `…(N more)` marker. */
export const shownLength = (text: string): number => text.replace(/…\(\d+ more\)$/, '').length;
