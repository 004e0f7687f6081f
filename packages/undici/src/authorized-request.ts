import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AccessTokenLike, TokenSource } from '@adumo-oauth/core';
import { bearer, tokenAfterUnauthorized } from '@adumo-oauth/core/adapter';
import type { Dispatcher } from 'undici';
import type { RequestHeaders } from './headers';

type Dispatch = Dispatcher.Dispatch;
type Controller = Dispatcher.DispatchController;
type Handler = Dispatcher.DispatchHandler;

/** How a response of the attempt in flight is handled. */
type Phase =
  | 'forward' // to the caller's handler
  | 'hold' // a 401: paused, kept, while the next token is fetched
  | 'drop' // a 401 that is resent: read and thrown away, then the resend
  | 'done'; // the caller's handler has had its end or its error

/** Whether `body` can be sent a second time: none, a string, a `Buffer` or a `Uint8Array`. */
export function isReplayableBody(body: unknown): boolean {
  return (
    body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array
  );
}

/**
 * One request to an Adumo origin: get the token, send, and on a 401 compare-and-invalidate and
 * resend once (the core's `tokenAfterUnauthorized`). It is the handler of every attempt and the
 * controller the caller's handler sees, so the caller sees one request whatever happens below:
 * one `onRequestStart`, then the response that counts, or one error.
 * @internal
 */
export class AuthorizedRequest implements Handler, Controller {
  readonly #dispatch: Dispatch;
  readonly #opts: Dispatcher.DispatchOptions;
  readonly #handler: Handler;
  readonly #source: TokenSource;
  readonly #headers: RequestHeaders;
  readonly #strip: string | undefined;
  readonly #signal: AbortSignal | undefined;
  #retry: boolean;

  #live: Controller | undefined; // the controller of the attempt in flight
  #started = false;
  #phase: Phase = 'forward';
  #used: AccessTokenLike | undefined;
  #fresh: AccessTokenLike | undefined;
  #held: { status: number; headers: IncomingHttpHeaders; message: string | undefined } | undefined;
  #heldData: Buffer[] = [];
  #heldEnd: IncomingHttpHeaders | undefined;
  #aborted = false;
  #paused = false;
  #reason: Error | null = null;

  constructor(
    dispatch: Dispatch,
    opts: Dispatcher.DispatchOptions,
    handler: Handler,
    source: TokenSource,
    headers: RequestHeaders,
    strip: string | undefined,
    retryOnUnauthorized: boolean,
  ) {
    this.#dispatch = dispatch;
    this.#opts = opts;
    this.#handler = handler;
    this.#source = source;
    this.#headers = headers;
    this.#strip = strip;
    this.#retry = retryOnUnauthorized && isReplayableBody(opts.body);
    // `undici.request` passes its `signal` down in the dispatch options: it also ends the waits
    // for a token. `fetch` aborts through the controller once the request has started.
    const signal = (opts as { readonly signal?: unknown }).signal;
    this.#signal = signal instanceof AbortSignal ? signal : undefined;
  }

  /** Get the token (the request's `signal` ends the wait) and send the first attempt. */
  start(): void {
    const signal = this.#signal;
    this.#source.getToken(signal === undefined ? {} : { signal }).then(
      (token) => this.#send(token),
      (error: unknown) => this.#fail(signal?.aborted === true ? signal.reason : error),
    );
  }

  #send(token: AccessTokenLike): void {
    if (this.#phase === 'done') return;
    try {
      const authorization = bearer(token);
      this.#used = token;
      this.#phase = 'forward';
      const opts = { ...this.#opts, headers: this.#headers.with(authorization, this.#strip) };
      this.#dispatch(opts, this);
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    if (this.#phase === 'done') return;
    this.#phase = 'done';
    const reason = error instanceof Error ? error : new Error(String(error));
    this.#handler.onResponseError?.(this, reason);
  }

  // ── The handler of each attempt ────────────────────────────────────────────────────────────

  onRequestStart(controller: Controller, context: unknown): void {
    this.#live = controller;
    if (this.#aborted) {
      controller.abort(this.#reason ?? new Error('aborted'));
      return;
    }
    if (this.#started) {
      if (this.#paused) controller.pause(); // a resend: the caller knows the request started
      return;
    }
    this.#started = true;
    this.#handler.onRequestStart?.(this, context);
    if (this.#paused) controller.pause();
  }

  onRequestUpgrade(
    _controller: Controller,
    status: number,
    headers: IncomingHttpHeaders,
    socket: Duplex,
  ): void {
    this.#handler.onRequestUpgrade?.(this, status, headers, socket);
  }

  onResponseStarted(): void {
    this.#handler.onResponseStarted?.();
  }

  onBodySent(chunk: Buffer): void {
    this.#handler.onBodySent?.(chunk);
  }

  onRequestSent(): void {
    this.#handler.onRequestSent?.();
  }

  onResponseStart(
    controller: Controller,
    status: number,
    headers: IncomingHttpHeaders,
    message?: string,
  ): void {
    if (this.#phase === 'done') return;
    if (status !== 401 || !this.#retry || this.#used === undefined) {
      this.#handler.onResponseStart?.(this, status, headers, message);
      return;
    }
    // The one 401 rule: hold this answer while the next token is fetched, then resend or hand
    // the 401 back as it is.
    this.#retry = false;
    this.#phase = 'hold';
    this.#held = { status, headers, message };
    controller.pause();
    tokenAfterUnauthorized(
      this.#source,
      this.#used,
      this.#signal === undefined ? {} : { signal: this.#signal },
    ).then(
      (fresh) => this.#decide(fresh),
      (error: unknown) => {
        // No next token: the caller gets the core's typed error, and the held 401 is dropped.
        const reason = error instanceof Error ? error : new Error(String(error));
        this.#fail(reason);
        controller.abort(reason);
      },
    );
  }

  onResponseData(_controller: Controller, chunk: Buffer): void {
    if (this.#phase === 'forward') this.#handler.onResponseData?.(this, chunk);
    else if (this.#phase === 'hold') this.#heldData.push(chunk);
  }

  onResponseEnd(_controller: Controller, trailers: IncomingHttpHeaders): void {
    if (this.#phase === 'forward') {
      this.#phase = 'done';
      this.#handler.onResponseEnd?.(this, trailers);
    } else if (this.#phase === 'hold') {
      this.#heldEnd = trailers;
    } else if (this.#phase === 'drop' && this.#fresh !== undefined) {
      this.#send(this.#fresh);
    }
  }

  onResponseError(_controller: Controller, error: Error): void {
    if (this.#phase === 'drop' && !this.#aborted && this.#fresh !== undefined) {
      this.#send(this.#fresh); // the thrown-away 401 broke off: the resend does not need it
      return;
    }
    this.#fail(this.#aborted ? (this.#reason ?? error) : error);
  }

  /** After a held 401: resend with `fresh`, or hand the 401 back as it came. */
  #decide(fresh: AccessTokenLike | undefined): void {
    if (this.#phase !== 'hold') return;
    const held = this.#held;
    if (fresh !== undefined) {
      this.#fresh = fresh;
      this.#phase = 'drop';
      this.#heldData = [];
      if (this.#heldEnd !== undefined) this.#send(fresh);
      else this.#live?.resume();
      return;
    }
    this.#phase = 'forward';
    if (held !== undefined) {
      this.#handler.onResponseStart?.(this, held.status, held.headers, held.message);
    }
    for (const chunk of this.#heldData) this.#handler.onResponseData?.(this, chunk);
    this.#heldData = [];
    if (this.#heldEnd !== undefined) {
      this.onResponseEnd(this, this.#heldEnd);
    } else if (!this.#paused) {
      this.#live?.resume();
    }
  }

  // ── The controller the caller's handler sees ──────────────────────────────────────────────

  get aborted(): boolean {
    return this.#aborted;
  }

  get paused(): boolean {
    return this.#paused;
  }

  get reason(): Error | null {
    return this.#reason;
  }

  get rawHeaders(): NonNullable<Controller['rawHeaders']> | null {
    return this.#live?.rawHeaders ?? null;
  }

  get rawTrailers(): NonNullable<Controller['rawTrailers']> | null {
    return this.#live?.rawTrailers ?? null;
  }

  abort(reason: Error): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#fail(reason);
    this.#live?.abort(reason);
  }

  pause(): void {
    this.#paused = true;
    if (this.#phase === 'forward') this.#live?.pause();
  }

  resume(): void {
    this.#paused = false;
    if (this.#phase === 'forward') this.#live?.resume();
  }
}
