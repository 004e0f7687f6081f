/**
 * Finds a secret in a text whatever each of its characters was encoded as, for `redact.ts`: raw;
 * percent-encoded (UTF-8 bytes, any hex case, also `%25…` re-encoded; `+` or `%2B` for a space);
 * HTML named, decimal and hex entities (also re-escaped as `&amp;…`); JSON/JS escapes (`\uXXXX`,
 * `\u{…}`, `\xXX`, `\/`, with up to three backslashes: JSON in JSON); and for a non-ASCII
 * character the lossy forms a proxy makes: its UTF-8 bytes read as Latin-1 (`Ã©`), or `?` per
 * character or per byte. Characters may be mixed forms within one occurrence.
 *
 * One constant tokenizer decodes the text once into characters that remember where they came
 * from; the secret is then searched in the decoded characters, and each occurrence's span of the
 * original text is reported. Nothing is compiled per secret, so building a redactor is cheap
 * (a pool builds one per merchant when a text needs it) and a text is read in one pass.
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

/** The text decoded: one entry per character (code point), with its span in the original. */
interface Decoded {
  readonly cps: Int32Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly length: number;
}

const isContinuation = (byte: number | undefined): boolean =>
  byte !== undefined && byte >= 0x80 && byte <= 0xbf;

/** Decode `text` once: escapes to their characters, runs of percent-encoded UTF-8 to theirs. */
function decode(text: string): Decoded {
  // Never more characters than the text has code units.
  const cps = new Int32Array(text.length);
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  let n = 0;
  const push = (cp: number, start: number, end: number): void => {
    cps[n] = cp;
    starts[n] = start;
    ends[n] = end;
    n += 1;
  };
  // Percent-encoded bytes waiting to form a UTF-8 character.
  let bytes: number[] = [];
  let byteStarts: number[] = [];
  let byteEnd = 0;
  const flushBytes = (): void => {
    let i = 0;
    while (i < bytes.length) {
      const lead = bytes[i]!;
      const width = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
      let ok = width > 1 && i + width <= bytes.length;
      for (let j = 1; ok && j < width; j++) ok = isContinuation(bytes[i + j]);
      const next = i + (ok ? width : 1);
      const end = next < bytes.length ? byteStarts[next]! : byteEnd;
      let cp = lead; // a lone byte: as Latin-1
      if (ok) {
        cp = lead & (0xff >> (width + 1));
        for (let j = 1; j < width; j++) cp = (cp << 6) | (bytes[i + j]! & 0x3f);
      }
      push(cp, byteStarts[i]!, end);
      i += ok ? width : 1;
    }
    bytes = [];
    byteStarts = [];
  };
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    let m: RegExpExecArray | null = null;
    if (c === 0x25 /* % */ || c === 0x26 /* & */ || c === 0x5c /* \ */) {
      ESCAPE.lastIndex = i;
      m = ESCAPE.exec(text);
    }
    if (m !== null && m[1] !== undefined) {
      bytes.push(parseInt(m[1], 16));
      byteStarts.push(i);
      i = byteEnd = ESCAPE.lastIndex;
      continue;
    }
    if (bytes.length > 0) flushBytes();
    let cp: number | undefined;
    if (m !== null) {
      const hex = m[2] ?? m[5] ?? m[6] ?? m[7];
      if (hex !== undefined) cp = parseInt(hex, 16);
      if (m[6] !== undefined && cp! >= 0xd800 && cp! <= 0xdbff) {
        // `\uD83D\uDE00`: a surrogate pair written as two escapes is one character.
        const at = ESCAPE.lastIndex;
        const low = ESCAPE.exec(text);
        const unit = low?.[6] === undefined ? NaN : parseInt(low[6], 16);
        if (unit >= 0xdc00 && unit <= 0xdfff)
          cp = 0x10000 + ((cp! - 0xd800) << 10) + (unit - 0xdc00);
        else ESCAPE.lastIndex = at;
      } else if (m[3] !== undefined) cp = Number(m[3]);
      else if (m[4] !== undefined) cp = ENTITIES.get(m[4]);
      else if (m[8] !== undefined) cp = m[8].codePointAt(0);
      if (cp !== undefined && cp > 0x10ffff) cp = undefined;
    }
    if (cp !== undefined) {
      push(cp, i, ESCAPE.lastIndex);
      i = ESCAPE.lastIndex;
    } else {
      const raw = text.codePointAt(i)!;
      const width = raw > 0xffff ? 2 : 1;
      push(raw, i, i + width);
      i += width;
    }
  }
  if (bytes.length > 0) flushBytes();
  return { cps, starts, ends, length: n };
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
 * The end (exclusive, in decoded characters) of an occurrence of `secret[i..]` at `k`, or -1.
 * `failed` remembers (k, i) pairs that cannot match, so the lossy forms' choices never make the
 * search exponential.
 */
function matchAt(
  d: Decoded,
  secret: EncodedSecret,
  k: number,
  i: number,
  failed: Set<number>,
): number {
  if (i === secret.cps.length) return k;
  const key = k * (secret.cps.length + 1) + i;
  if (failed.has(key)) return -1;
  const end = tryForms(d, secret, k, i, failed);
  if (end < 0) failed.add(key);
  return end;
}

function tryForms(
  d: Decoded,
  secret: EncodedSecret,
  k: number,
  i: number,
  failed: Set<number>,
): number {
  const want = secret.cps[i]!;
  if (k >= d.length) return -1;
  const got = d.cps[k]!;
  if (got === want || (want === SPACE && got === PLUS)) {
    const end = matchAt(d, secret, k + 1, i + 1, failed);
    if (end >= 0) return end;
  }
  const bytes = secret.latin1[i];
  if (bytes === undefined) return -1;
  // Lossy forms of a non-ASCII character: its bytes as Latin-1, or 1 to (bytes) question marks.
  let same = true;
  for (let j = 0; same && j < bytes.length; j++)
    same = k + j < d.length && d.cps[k + j] === bytes[j];
  if (same) {
    const end = matchAt(d, secret, k + bytes.length, i + 1, failed);
    if (end >= 0) return end;
  }
  for (let q = 0; q < bytes.length && k + q < d.length && d.cps[k + q] === QUESTION; q++) {
    const end = matchAt(d, secret, k + q + 1, i + 1, failed);
    if (end >= 0) return end;
  }
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
  const d = decode(text);
  const failed = new Set<number>();
  const first = secret.cps[0]!;
  const firstLossy = secret.latin1[0]?.[0] ?? -1;
  let k = 0;
  while (k < d.length) {
    const c = d.cps[k]!;
    // Only a character that can begin the secret in some form starts a match attempt.
    const candidate =
      c === first ||
      (first === SPACE && c === PLUS) ||
      (firstLossy >= 0 && (c === QUESTION || c === firstLossy));
    const end = candidate ? matchAt(d, secret, k, 0, failed) : -1;
    if (end > k) {
      spans.push([d.starts[k]!, d.ends[end - 1]!]);
      k = end;
    } else k += 1;
  }
  return spans;
}
