import { raceSignal } from '../abort';
import type { AccessToken } from '../access-token';
import type { Acquired } from '../shared/shared-source';
import { AdumoOAuthError } from '../errors';
import type { RequestEvent, ResponseEvent } from '../observe';
import type { FetchFunction } from '../options';
import { describeError, sanitizeCause, type Redactor } from '../redact';
import type { Gate } from '../pool/gate';
import { unref } from '../sleeper';
import { buildTokenRequest, type RequestIdentity, type TokenRequest } from './request';
import { asResponse, bodyError, parseTokenResponse, readBody } from './response';
import { isRetryable, retryDelay, retryableFailure, type RetryPolicy } from './retry';

/** The options of the acquisition source, and nothing else. */
export interface AcquisitionOptions extends RetryPolicy {
  readonly fetch: FetchFunction;
  readonly now: () => number;
  readonly random: () => number;
  readonly timeoutMs: number;
  readonly deadlineMs: number;
  readonly defaultExpiresInMs: number;
  readonly minLifetimeMs: number;
  /** Bounds and schedules the requests across a pool's merchants (none for a manager). */
  readonly gate?: Gate | undefined;
}

/** What the acquisition source reports and uses. */
export interface AcquisitionDeps {
  readonly redact: Redactor;
  readonly sleep: (ms: number) => Promise<void>;
  /** Before every attempt is sent (counts requests; the `request` event). */
  readonly onRequest: (event: RequestEvent) => void;
  /** After every attempt, whatever its outcome (the `response` event). */
  readonly onResponse: (event: ResponseEvent) => void;
  /** Before waiting `delayMs` for another attempt. */
  readonly onRetry: (attempt: number, delayMs: number, error: AdumoOAuthError) => void;
}

/** Pairs a `request` event with its `response` event (unique in the process). */
let lastRequestId = 0;

/**
 * The acquisition source: builds the client-credentials request, sends it with a per-attempt
 * timeout, parses and validates the answer, and retries what `retry.ts` calls retryable (capped
 * exponential backoff with jitter, `Retry-After` honoured) within `maxAttempts` and `deadlineMs`.
 * Every failure is a typed, redacted error.
 */
export class AcquisitionSource {
  constructor(
    private readonly options: AcquisitionOptions,
    private readonly identity: RequestIdentity,
    private readonly deps: AcquisitionDeps,
  ) {}

  /**
   * A new token from the endpoint; `signal` ends the whole acquisition (its reason is thrown).
   * `failing` (the last acquisition failed) and every retry wait in a pool gate's failing lane.
   */
  async acquire(
    _l1: unknown,
    _forced: boolean,
    signal: AbortSignal,
    failing = false,
  ): Promise<Acquired> {
    const { options, deps } = this;
    const deadline = options.now() + options.deadlineMs;
    const request = buildTokenRequest(this.identity); // built per acquisition: nothing kept between
    for (let n = 1; ; n++) {
      if (signal.aborted) throw signal.reason;
      const gate = options.gate; // a pool's fair bound on requests; a manager has none
      const release = gate === undefined ? undefined : await gate.enter(signal, failing || n > 1);
      const timeoutMs = Math.min(options.timeoutMs, Math.max(1, deadline - options.now()));
      try {
        return { token: await this.#attempt(request, n, timeoutMs, signal), source: 'network' };
      } catch (error) {
        release?.();
        const typed = error as AdumoOAuthError;
        if (signal.aborted || !isRetryable(typed) || n >= options.maxAttempts) throw typed;
        const retryAfter = (typed as { retryAfterMs?: number | undefined }).retryAfterMs;
        const delay = retryDelay(options, n, retryAfter, options.random);
        if (options.now() + delay >= deadline) throw typed;
        deps.onRetry(n, delay, typed);
        await raceSignal(deps.sleep(delay), signal, () => signal.reason);
      } finally {
        release?.(); // idempotent: the slot is free during the backoff already
      }
    }
  }

  /** One request with a timeout: a token or a typed error, between a `request` and a `response` event. */
  async #attempt(
    request: TokenRequest,
    attempt: number,
    timeoutMs: number,
    outer: AbortSignal,
  ): Promise<AccessToken> {
    const { options, deps } = this;
    const { redact } = deps;
    const sent: RequestEvent = {
      id: ++lastRequestId,
      attempt,
      method: 'POST',
      url: request.safeUrl,
    };
    deps.onRequest(sent);
    const sentAt = options.now();
    let status: number | undefined;
    let failure: Error | undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    unref(timer);
    const stop = (): void => controller.abort();
    outer.addEventListener('abort', stop, { once: true });
    const timeout = (): AdumoOAuthError =>
      new AdumoOAuthError(
        'timeout',
        `Token request timed out after ${timeoutMs} ms (POST ${request.safeUrl})`,
        {
          retryable: retryableFailure('timeout'),
        },
      );
    try {
      const signal = controller.signal;
      let resolved: unknown;
      try {
        resolved = await raceSignal(
          options.fetch(request.url, { ...request.init, signal }),
          signal,
          () => signal.reason,
        );
      } catch (error) {
        if (outer.aborted) throw outer.reason;
        if (signal.aborted) throw timeout();
        throw new AdumoOAuthError(
          'network',
          `Token request failed: ${describeError(error, redact)} (POST ${request.safeUrl})`,
          { cause: sanitizeCause(error, redact), retryable: retryableFailure('network') },
        );
      }
      const res = asResponse(resolved); // anything else is a programming error, not retried
      status = res.status;
      let body;
      try {
        body = await raceSignal(readBody(res, signal), signal, timeout);
      } catch {
        throw outer.aborted ? outer.reason : timeout();
      }
      if (!body.ok) throw bodyError(body, res.status, `POST ${request.safeUrl}`);
      return parseTokenResponse({
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
        text: body.text,
        cut: body.cut,
        sentAt,
        now: options.now(),
        safeUrl: request.safeUrl,
        defaultExpiresInMs: options.defaultExpiresInMs,
        minLifetimeMs: options.minLifetimeMs,
        redact,
      });
    } catch (error) {
      failure = error as Error;
      throw error;
    } finally {
      clearTimeout(timer);
      outer.removeEventListener('abort', stop);
      deps.onResponse({ ...sent, status, durationMs: options.now() - sentAt, error: failure });
    }
  }
}
