/**
 * Finds a secret in a text whatever each of its characters was encoded as, for `redact.ts`: raw;
 * percent-encoded (UTF-8 bytes, any hex case, also `%25…` re-encoded; `+` or `%2B` for a space);
 * HTML named, decimal and hex entities (also re-escaped as `&amp;…`); JSON/JS escapes (`\uXXXX`,
 * `\u{…}`, `\xXX`, `\/`, with up to three backslashes: JSON in JSON); and for a non-ASCII
 * character the lossy forms a proxy makes: its UTF-8 bytes read as Latin-1 (`Ã©`), or `?` per
 * character or per byte. Characters may be mixed forms within one occurrence.
 *
 * One constant pattern reads an escape where one starts; the secret is matched character by
 * character over the text, each character raw or escaped (a text may mean either: `%41` is `A`,
 * or `%` then `41`), and each occurrence's span of the original text is reported. Nothing is
 * compiled per secret, so building a redactor is cheap (a pool builds one per merchant when a
 * text needs it); a text without `%`, `&` or `\\` is searched with `indexOf`.
 */

/** One escape at the start of the text (sticky): the groups say which form it is. */
const ESCAPE =
  /%(?:25)*([0-9a-fA-F]{2})|&(?:amp;)*#(?:[xX]0*([0-9a-fA-F]{1,6})|0*(\d{1,7}));?|&(?:amp;)*([A-Za-z][A-Za-z0-9]{1,31});?|\\{1,3}u(?:\{0*([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{4}))|\\x([0-9a-fA-F]{2})|\\{1,3}([^A-Za-z0-9])/y;

const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'.split(
    ' ',
  );
/** Named HTML entities → code point (the ASCII punctuation ones and Latin-1). */
const ENTITIES = new Map<string, number>([
  ...Object.entries({
    amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", sol: '/', equals: '=', num: '#',
    plus: '+', percnt: '%', excl: '!', ast: '*', lpar: '(', rpar: ')', colon: ':', comma: ',',
    period: '.', quest: '?', commat: '@', lsqb: '[', rsqb: ']', lowbar: '_', Hat: '^',
    grave: '`', lcub: '{', rcub: '}', verbar: '|', tilde: '~', dollar: '$', semi: ';',
    bsol: '\\', hyphen: '-',
  }).map(([name, ch]): [string, number] => [name, ch.charCodeAt(0)]),
  ...LATIN1.map((name, i): [string, number] => [name, 160 + i]),
]); // prettier-ignore

const isContinuation = (byte: number | undefined): boolean =>
  byte !== undefined && byte >= 0x80 && byte <= 0xbf;

/** The percent-encoded byte at `pos` and where it ends, or `undefined`. */
function percentByte(text: string, pos: number): [number, number] | undefined {
  if (text.charCodeAt(pos) !== 0x25 /* % */) return undefined;
  ESCAPE.lastIndex = pos;
  const m = ESCAPE.exec(text);
  return m?.[1] === undefined ? undefined : [parseInt(m[1], 16), ESCAPE.lastIndex];
}

/**
 * Every way one character can be read at `pos`: as itself, and, where an escape starts, as the
 * character it encodes (percent-encoded UTF-8 sequences as one character). A text may mean
 * either (`%41` is `A`, or `%` then `41`), so the search tries both.
 */
function readings(text: string, pos: number): [number, number][] {
  const raw = text.codePointAt(pos)!;
  const out: [number, number][] = [[raw, pos + (raw > 0xffff ? 2 : 1)]];
  if (raw !== 0x25 && raw !== 0x26 && raw !== 0x5c) return out; // no % & \: no escape here
  ESCAPE.lastIndex = pos;
  const m = ESCAPE.exec(text);
  if (m === null) return out;
  const end = ESCAPE.lastIndex;
  if (m[1] !== undefined) {
    const lead = parseInt(m[1], 16);
    out.push([lead, end]); // a byte < 0x80, or a lone byte read as Latin-1
    const width = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    let cp = lead & (0xff >> (width + 1));
    let at = end;
    for (let j = 1; j < width; j++) {
      const next = percentByte(text, at);
      if (next === undefined || !isContinuation(next[0])) return out;
      cp = (cp << 6) | (next[0] & 0x3f);
      at = next[1];
    }
    if (width > 1) out.push([cp, at]);
    return out;
  }
  let cp: number | undefined;
  const hex = m[2] ?? m[5] ?? m[6] ?? m[7];
  if (hex !== undefined) cp = parseInt(hex, 16);
  else if (m[3] !== undefined) cp = Number(m[3]);
  else if (m[4] !== undefined) cp = ENTITIES.get(m[4]);
  else if (m[8] !== undefined) cp = m[8].codePointAt(0);
  if (cp === undefined || cp > 0x10ffff) return out;
  if (m[6] !== undefined && cp >= 0xd800 && cp <= 0xdbff) {
    // `\uD83D\uDE00`: a surrogate pair written as two escapes is one character.
    const low = ESCAPE.exec(text);
    const unit = low?.[6] === undefined ? NaN : parseInt(low[6], 16);
    if (unit >= 0xdc00 && unit <= 0xdfff) {
      out.push([0x10000 + ((cp - 0xd800) << 10) + (unit - 0xdc00), ESCAPE.lastIndex]);
      return out;
    }
  }
  out.push([cp, end]);
  return out;
}

/** A secret prepared for {@link findEncoded}: its code points and their lossy forms. */
export interface EncodedSecret {
  /** The secret as it is, when a plain search finds every form (see {@link findEncoded}). */
  readonly plain: string | undefined;
  readonly cps: readonly number[];
  /** Per character: its UTF-8 bytes read as Latin-1 code points (non-ASCII only). */
  readonly latin1: readonly (readonly number[] | undefined)[];
}

/** Prepare `secret` once (cheap: no pattern is compiled). */
export function encodedSecret(secret: string): EncodedSecret {
  const cps = [...secret].map((ch) => ch.codePointAt(0)!);
  const latin1 = cps.map((cp) =>
    cp > 0x7f ? [...new TextEncoder().encode(String.fromCodePoint(cp))] : undefined,
  );
  // ASCII without a space: in a text with no `%`, `&` or `\\` only its raw form can occur.
  const plain = /^[\x21-\x7e]*$/.test(secret) ? secret : undefined;
  return { plain, cps, latin1 };
}

/** A text without these has no escaped character: the decoded text is the text. */
const ESCAPES = /[%&\\]/;
const PLUS = 0x2b;
const SPACE = 0x20;
const QUESTION = 0x3f;

/**
 * Where an occurrence of `secret[i..]` that starts at `pos` ends, or -1. `failed` remembers the
 * (pos, i) pairs that cannot match, so the choices (raw or escape, lossy forms) never make the
 * search exponential: it is at most (text length × secret length) steps.
 */
function matchAt(
  text: string,
  secret: EncodedSecret,
  pos: number,
  i: number,
  failed: Set<number>,
): number {
  if (i === secret.cps.length) return pos;
  if (pos >= text.length) return -1;
  const key = pos * (secret.cps.length + 1) + i;
  if (failed.has(key)) return -1;
  const want = secret.cps[i]!;
  for (const [cp, end] of readings(text, pos)) {
    if (cp === want || (want === SPACE && cp === PLUS)) {
      const found = matchAt(text, secret, end, i + 1, failed);
      if (found >= 0) return found;
    }
  }
  const bytes = secret.latin1[i];
  if (bytes !== undefined) {
    // Lossy forms of a non-ASCII character: its bytes as Latin-1, or 1 to (bytes) question marks.
    let same = true;
    for (let j = 0; same && j < bytes.length; j++) same = text.charCodeAt(pos + j) === bytes[j];
    if (same) {
      const found = matchAt(text, secret, pos + bytes.length, i + 1, failed);
      if (found >= 0) return found;
    }
    for (let q = 0; q < bytes.length && text.charCodeAt(pos + q) === QUESTION; q++) {
      const found = matchAt(text, secret, pos + q + 1, i + 1, failed);
      if (found >= 0) return found;
    }
  }
  failed.add(key);
  return -1;
}

/**
 * The spans `[start, end)` of `text` holding `secret` in any of the forms above, in order and not
 * overlapping. Empty when the secret is not there.
 */
export function findEncoded(text: string, secret: EncodedSecret): [number, number][] {
  const spans: [number, number][] = [];
  if (secret.cps.length === 0) return spans;
  if (secret.plain !== undefined && !ESCAPES.test(text)) {
    for (let at = text.indexOf(secret.plain); at >= 0; at = text.indexOf(secret.plain, at)) {
      spans.push([at, at + secret.plain.length]);
      at += secret.plain.length;
    }
    return spans;
  }
  const failed = new Set<number>();
  const first = secret.cps[0]!;
  const firstLossy = secret.latin1[0]?.[0] ?? -1;
  let pos = 0;
  while (pos < text.length) {
    const c = text.codePointAt(pos)!;
    // Only a character that can begin the secret in some form starts a match attempt.
    const candidate =
      c === first ||
      c === 0x25 ||
      c === 0x26 ||
      c === 0x5c ||
      (first === SPACE && c === PLUS) ||
      (firstLossy >= 0 && (c === QUESTION || c === firstLossy));
    const end = candidate ? matchAt(text, secret, pos, 0, failed) : -1;
    if (end > pos) {
      spans.push([pos, end]);
      pos = end;
    } else pos += c > 0xffff ? 2 : 1;
  }
  return spans;
}
