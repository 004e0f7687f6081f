import { createRedactor, type Redactor } from '@adumo-oauth/core/adapter';

/** `599999` s → `6d 22h 39m 59s`. */
export function humanSeconds(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.round(Math.abs(seconds));
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}s`);
  return sign + parts.join(' ');
}

/** A signed whole number of seconds: `+3 s`, `-120 s`. */
export function signedSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${s > 0 ? '+' : s < 0 ? '-' : ''}${Math.abs(s)} s`;
}

/**
 * The core's redactor for what the CLI prints: the client secret (and `id:secret`) in every
 * encoding, the tokens passed to `remember()` by value, and the core's patterns. Texts from outside
 * pass through the core's `outsideText(text, { redact })`, which redacts before it cuts.
 */
export function secretRedactor(secret: string | undefined, clientId?: string): Redactor {
  if (secret === undefined) return createRedactor([]);
  return createRedactor([secret], clientId === undefined ? [] : [[clientId, secret]]);
}
