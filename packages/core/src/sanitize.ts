import { AbortError, NetworkError, isAdumoOAuthError, type AdumoOAuthError } from './errors';
import type { Redactor } from './redact';

/**
 * A copy of `error` safe to attach as a `cause`: when its message or stack (or those of its own
 * causes) contain a secret, a plain `Error` with the redacted text replaces it; otherwise the
 * original object is kept.
 */
export function sanitizeCause(error: unknown, redact: Redactor, depth = 0): unknown {
  if (depth > 5) return undefined;
  if (typeof error !== 'object' || error === null) {
    return typeof error === 'string' ? redact(error) : error;
  }
  const e = error as {
    message?: unknown;
    stack?: unknown;
    cause?: unknown;
    name?: unknown;
    code?: unknown;
  };
  const message = typeof e.message === 'string' ? e.message : undefined;
  const stack = typeof e.stack === 'string' ? e.stack : undefined;
  const cause = e.cause === undefined ? undefined : sanitizeCause(e.cause, redact, depth + 1);
  const clean =
    (message === undefined || redact(message) === message) &&
    (stack === undefined || redact(stack) === stack) &&
    cause === e.cause;
  if (clean) return error;
  const copy = new Error(redact(message ?? 'error'), cause === undefined ? undefined : { cause });
  copy.name = typeof e.name === 'string' ? e.name : 'Error';
  copy.stack = stack === undefined ? `${copy.name}: ${copy.message}` : redact(stack);
  if (typeof e.code === 'string') Object.assign(copy, { code: e.code });
  return copy;
}

/** A short description of a low-level error (message and `code`, following `cause`). */
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
  if (parts.length === 0) parts.push(String(error));
  return redact(parts.join(': ').slice(0, 300));
}

/** `error` if it is ours, else a non-retryable {@link NetworkError} wrapping it (sanitised). */
export function asAdumoError(error: unknown, redact: Redactor): AdumoOAuthError {
  if (isAdumoOAuthError(error)) return error;
  return new NetworkError(`token request failed unexpectedly: ${describeError(error, redact)}`, {
    cause: sanitizeCause(error, redact),
    retryable: false,
  });
}

/** The error a caller gets when its own `signal` aborts (the signal's reason as `cause`). */
export function callerAborted(signal: AbortSignal, redact: Redactor): AbortError {
  return new AbortError('getToken() was aborted by the caller', {
    cause: sanitizeCause(signal.reason, redact),
  });
}
