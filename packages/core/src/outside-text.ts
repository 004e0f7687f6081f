import type { Logger } from './types';

/**
 * The one owner of texts that came from outside the process: anything a token endpoint, an API,
 * a TLS peer, a store or a caller wrote (error fields, descriptions, claims, scope, `jti`, header
 * values, certificate fields, merchant ids, a resolver's errors). Each passes through
 * {@link outsideText} before any message, log line, event, span, health report, HTTP answer or
 * terminal shows it:
 *
 * 1. **cut with a margin** (a 1 MiB body costs what a few KiB cost): the margin is longer than
 *    any encoding of a secret, so one that straddles this cut is still cut away in step 4;
 * 2. **redact** by value ({@link createRedactor}), before anything is cut to its final length;
 * 3. **neutralise**: control characters (C0, DEL, C1, CR/LF, tab), format characters (bidi
 *    embeddings, overrides and isolates, zero-width characters, soft hyphen, BOM…), line and
 *    paragraph separators (U+2028/2029) and lone surrogates become visible escapes (`\u001b`);
 * 4. **cap** the length, with a visible `…(N more)` marker.
 *
 * Its own output passes through it unchanged (escapes are not escaped again, a capped text is not
 * capped twice), so a field shown inside a message, or a message inside a log line, may go
 * through it again.
 */
import { redactStart, redactText, type Redactor } from './redact';

/** Longest a single outside field is shown (an `error_description`, a certificate name…). */
export const FIELD_MAX = 512;
/** Longest a whole message built around outside fields is shown. */
export const MESSAGE_MAX = 2048;

/** Characters never shown as themselves: controls, formats, separators, lone surrogates. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
const UNSAFE_TEST = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/** The cap's marker at the end of a text, with the number of characters left out. */
const MARKER = /…\((\d{1,15}) more\)$/;

/** Options of {@link outsideText}. */
export interface OutsideTextOptions {
  /** Removes secrets and tokens by value; default: patterns only (`client_secret=`, JWTs, …). */
  readonly redact?: ((text: string) => string) | undefined;
  /** Longest result before the `…(N more)` marker; default 512. */
  readonly max?: number | undefined;
}

/** `\uXXXX` for one UTF-16 code unit. */
const escape = (unit: number): string => `\\u${unit.toString(16).padStart(4, '0')}`;

/**
 * Make control, format and separator characters and lone surrogates visible as `\uXXXX` escapes;
 * every other character is kept. Fast when there is nothing to escape.
 */
export function neutralize(text: string): string {
  if (!UNSAFE_TEST.test(text)) return text;
  return text.replace(UNSAFE, (c) => escape(c.charCodeAt(0)));
}

/**
 * An outside text made safe to show: cut with a margin, redacted, neutralised, capped (see the
 * module comment). Anything not a string is shown as its type (`number`, `object`…), never
 * converted with `String()` (which could run the sender's code).
 */
export function outsideText(value: unknown, options: OutsideTextOptions = {}): string {
  if (typeof value !== 'string') return value === null ? 'null' : typeof value;
  const max = Math.max(1, options.max ?? FIELD_MAX);
  const redact = options.redact ?? redactText;
  // Idempotent on its own output: a text that already ends with the marker keeps its count, and
  // is cut again only when it is still too long (the old count added to the new one).
  const marked = MARKER.exec(value);
  const body = marked === null ? value : value.slice(0, marked.index);
  const carried = marked === null ? 0 : Number(marked[1]);
  const start = redactStart(body, redact, max);
  const safe = neutralize(start.text);
  if (safe.length <= max && !start.cut) return carried === 0 ? safe : `${safe}…(${carried} more)`;
  let end = Math.min(max, safe.length);
  // Never end on half an escape or half a surrogate pair.
  const escapeStart = safe.lastIndexOf('\\u', end - 1);
  if (escapeStart >= 0 && escapeStart > end - 6 && /^\\u[0-9a-f]{4}/.test(safe.slice(escapeStart)))
    end = escapeStart;
  const last = safe.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  const more = (start.cut ? body.length - end : safe.length - end) + carried;
  return `${safe.slice(0, end)}…(${more} more)`;
}

/**
 * `JSON.stringify` whose output also escapes what JSON leaves raw: C1 controls, bidi and other
 * format characters, U+2028/2029 and lone surrogates (as `\uXXXX`, still valid JSON). For
 * machine output (`--json`) that a person may still read on a terminal.
 */
export function safeJson(value: unknown, space?: number): string {
  // JSON.stringify already escapes C0 controls and lone surrogates inside strings; outside them
  // there is only its own layout (spaces, newlines), which stays.
  return (JSON.stringify(value, null, space) ?? 'null').replace(JSON_UNSAFE, (c) =>
    escape(c.charCodeAt(0)),
  );
}

const JSON_UNSAFE = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * Wraps the user's {@link Logger}: every line redacted, escaped and capped (`outsideText`: one
 * line, never a forged second one), prefixed, missing levels fall back
 * (`info` → `log`, `error` → `warn` → `log`), and a throwing logger never breaks the manager.
 */
export class SafeLogger {
  constructor(
    private readonly logger: Logger | undefined,
    private readonly redact: Redactor,
    /** Written after `[adumo-oauth] `, e.g. `merchant m-1: ` in a pool. */
    private readonly prefix = '',
  ) {}

  debug(message: string): void {
    this.#write(['debug'], message);
  }
  info(message: string): void {
    this.#write(['info', 'log'], message);
  }
  warn(message: string): void {
    this.#write(['warn', 'log'], message);
  }
  error(message: string): void {
    this.#write(['error', 'warn', 'log'], message);
  }

  #write(levels: readonly (keyof Logger)[], message: string): void {
    const logger = this.logger;
    if (logger === undefined) return;
    for (const level of levels) {
      if (typeof logger[level] !== 'function') continue;
      try {
        const line = outsideText(`${this.prefix}${message}`, {
          redact: this.redact,
          max: MESSAGE_MAX,
        });
        logger[level](`[adumo-oauth] ${line}`);
      } catch {
        // a broken logger must not break token handling
      }
      return;
    }
  }
}
