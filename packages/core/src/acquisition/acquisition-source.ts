import { raceSignal, unref } from '../timers';
import type { AccessToken } from '../access-token';
import type { Acquired } from '../shared/shared-source';
import { configErrorIn, type AdumoOAuthError } from '../errors';
import type { RequestEvent, ResponseEvent } from '../observe';
import type { FetchFunction } from '../options';
import { describeError, sanitizeCause, type Redactor } from '../redact';
import type { Gate } from '../pool/gate';
import { buildTokenRequest, type RequestIdentity, type TokenRequest } from './request';
import { readBody } from './body';
import { asResponse, bodyError, parseTokenResponse } from './response';
import { attemptError, nextAttempt, type RetryPolicy } from '../retry';

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
export interface AcquisitionReports {
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
  /** A token came from the endpoint once: in a pool this identity is no longer new. */
  #proven = false;
  /** The fetch call is running: a `getToken()` now comes from inside the token request. */
  sending = false;

  constructor(
    private readonly options: AcquisitionOptions,
    private readonly identity: RequestIdentity,
    private readonly reports: AcquisitionReports,
  ) {}

  /**
   * A new token from the endpoint; `signal` ends the whole acquisition (its reason is thrown).
   * `failing` (the last acquisition failed) and every retry wait in a pool gate's failing lane;
   * the first request of an identity that never had a token (`cached`) waits in its new lane.
   */
  async acquire(
    cached: unknown,
    _forced: boolean,
    signal: AbortSignal,
    failing = false,
  ): Promise<Acquired> {
    const { options, reports } = this;
    const deadline = options.now() + options.deadlineMs;
    const request = buildTokenRequest(this.identity); // built per acquisition: nothing kept between
    for (let n = 1; ; n++) {
      if (signal.aborted) throw signal.reason;
      const gate = options.gate; // a pool's fair bound on requests; a manager has none
      const lane =
        failing || n > 1 ? 'failing' : this.#proven || cached !== undefined ? 'healthy' : 'new';
      const release = gate === undefined ? undefined : await gate.enter(signal, lane);
      const timeoutMs = Math.min(options.timeoutMs, Math.max(1, deadline - options.now()));
      try {
        const token = await this.#attempt(request, n, timeoutMs, signal);
        this.#proven = true;
        release?.(true);
        return { token, from: 'network' };
      } catch (error) {
        release?.();
        const typed = error as AdumoOAuthError;
        const timing = { now: options.now(), deadline, random: options.random };
        const delay = signal.aborted ? undefined : nextAttempt(options, n, typed, timing);
        if (delay === undefined) throw typed;
        reports.onRetry(n, delay, typed);
        await raceSignal(reports.sleep(delay), signal, () => signal.reason);
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
    const { options, reports } = this;
    const { redact } = reports;
    const sent: RequestEvent = {
      id: ++lastRequestId,
      attempt,
      method: 'POST',
      url: request.safeUrl,
    };
    reports.onRequest(sent);
    const sentAt = options.now();
    let status: number | undefined;
    let failure: Error | undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    unref(timer);
    const stop = (): void => controller.abort();
    outer.addEventListener('abort', stop, { once: true });
    const timeout = (): AdumoOAuthError =>
      attemptError(
        'timeout',
        `Token request timed out after ${timeoutMs} ms (POST ${request.safeUrl})`,
      );
    try {
      const signal = controller.signal;
      let resolved: unknown;
      try {
        this.sending = true; // while the fetch call runs (synchronously): see `sending`
        const pending = options.fetch(request.url, { ...request.init, signal });
        this.sending = false;
        resolved = await raceSignal(pending, signal, () => signal.reason);
      } catch (error) {
        this.sending = false; // the fetch call threw
        if (outer.aborted) throw outer.reason;
        if (signal.aborted) throw timeout();
        throw (
          configErrorIn(error) ??
          attemptError(
            'network',
            `Token request failed: ${describeError(error, redact)} (POST ${request.safeUrl})`,
            { cause: sanitizeCause(error, redact) },
          )
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
      reports.onResponse({ ...sent, status, durationMs: options.now() - sentAt, error: failure });
    }
  }
}
