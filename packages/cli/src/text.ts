import { redactText } from '@adumo-oauth/core';

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

/** A redactor for everything the CLI prints. */
export interface Sanitizer {
  (text: string): string;
  /** Also remove this value (a token, a secret) from every later text. */
  add(value: string | undefined): void;
}

/**
 * Removes the given secrets and tokens by value (raw, percent-encoded, form-encoded, JSON-escaped),
 * then core's pattern redaction (`client_secret=`, Bearer/Basic credentials, JWTs). Every text the
 * CLI writes goes through one of these.
 */
export function createSanitizer(): Sanitizer {
  const values: string[] = [];
  const sanitize = ((text: string): string => {
    let out = text;
    for (const v of values) out = out.split(v).join('[REDACTED]');
    return redactText(out);
  }) as Sanitizer;
  sanitize.add = (value) => {
    if (value === undefined || value.length < 3) return;
    const forms = [
      value,
      encodeURIComponent(value),
      new URLSearchParams({ v: value }).toString().slice(2),
      JSON.stringify(value).slice(1, -1),
      Buffer.from(value).toString('base64').replace(/=+$/, ''),
      Buffer.from(value).toString('base64url'),
    ];
    for (const f of forms) if (f.length >= 3 && !values.includes(f)) values.push(f);
    values.sort((a, b) => b.length - a.length);
  };
  return sanitize;
}
