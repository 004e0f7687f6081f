import { raceSignal } from './abort';
import type { Redactor } from './redact';
import type { AccessToken } from './access-token';
import type { ResolvedConfig } from './config';
import { NetworkError, TimeoutError, type AdumoOAuthError } from './errors';
import { parseTokenResponse } from './parse-response';
import { bodyError, readBody } from './read-body';
import type { TokenRequest } from './request';
import { isRetryable, retryDelay } from './retry-policy';
import { describeError, sanitizeCause } from './redact';

/** What the retry loop reports back to the manager. */
export interface NetworkHooks {
  readonly sleep: (ms: number) => Promise<void>;
  /** Called before every attempt (counts requests). */
  readonly onAttempt: (attempt: number) => void;
  /** Called before waiting `delayMs` for another attempt. */
  readonly onRetry: (attempt: number, delayMs: number, error: AdumoOAuthError) => void;
  /** Ends the whole acquisition (the manager closed, or a background refresh was abandoned). */
  readonly signal: AbortSignal;
}

/** One token request with a timeout; returns a token or throws a typed error. */
async function attempt(
  config: ResolvedConfig,
  request: TokenRequest,
  redact: Redactor,
  timeoutMs: number,
  outer: AbortSignal,
): Promise<AccessToken> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  (timer as { unref?: () => void }).unref?.();
  const stop = (): void => controller.abort();
  outer.addEventListener('abort', stop, { once: true });
  const timeout = (): TimeoutError =>
    new TimeoutError(`Token request timed out after ${timeoutMs} ms (POST ${request.safeUrl})`);
  try {
    const sentAt = config.now();
    let res: Response;
    try {
      res = await raceSignal(
        config.fetch(request.url, { ...request.init, signal: controller.signal }),
        controller.signal,
        () => controller.signal.reason,
      );
    } catch (error) {
      if (outer.aborted) throw outer.reason;
      if (controller.signal.aborted) throw timeout();
      throw new NetworkError(
        `Token request failed: ${describeError(error, redact)} (POST ${request.safeUrl})`,
        { cause: sanitizeCause(error, redact) },
      );
    }
    let body;
    try {
      body = await raceSignal(readBody(res, controller.signal), controller.signal, timeout);
    } catch {
      throw outer.aborted ? outer.reason : timeout();
    }
    if (!body.ok) throw bodyError(body, res.status, `POST ${request.safeUrl}`);
    return parseTokenResponse({
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
      text: body.text,
      sentAt,
      now: config.now(),
      safeUrl: request.safeUrl,
      defaultExpiresInMs: config.defaultExpiresInMs,
      minLifetimeMs: config.minLifetimeMs,
      redact,
    });
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', stop);
  }
}

/**
 * Request a token, retrying retryable failures (5xx, 429, 408, timeouts, network errors, truncated
 * bodies) with capped exponential backoff and full jitter, honouring `Retry-After`, within
 * `maxAttempts` and the overall `deadlineMs`. Non-retryable errors are thrown at once.
 */
export async function requestToken(
  config: ResolvedConfig,
  request: TokenRequest,
  redact: Redactor,
  hooks: NetworkHooks,
): Promise<AccessToken> {
  const deadline = config.now() + config.deadlineMs;
  for (let n = 1; ; n++) {
    const remaining = Math.max(1, deadline - config.now());
    if (hooks.signal.aborted) throw hooks.signal.reason;
    hooks.onAttempt(n);
    try {
      return await attempt(
        config,
        request,
        redact,
        Math.min(config.timeoutMs, remaining),
        hooks.signal,
      );
    } catch (error) {
      const typed = error as AdumoOAuthError;
      if (hooks.signal.aborted || !isRetryable(typed) || n >= config.maxAttempts) throw typed;
      const retryAfter =
        'retryAfterMs' in typed ? (typed.retryAfterMs as number | undefined) : undefined;
      const delay = retryDelay(config, n, retryAfter, config.random);
      if (config.now() + delay >= deadline) throw typed;
      hooks.onRetry(n, delay, typed);
      await raceSignal(hooks.sleep(delay), hooks.signal, () => hooks.signal.reason);
    }
  }
}
