import type { FailTokenRequestsOptions, LatencyTarget, MockFaults, TokenFaultKind } from './types';

/** Every fault kind accepted by `nextTokenResponses`. */
export const TOKEN_FAULT_KINDS: readonly TokenFaultKind[] = Object.freeze([
  'malformed-json',
  'html',
  'truncated',
  'reset',
  'hang',
  'missing-access-token',
  'expires-in-string',
  'expires-in-negative',
  'expires-in-huge',
  'token-type-mac',
  'xml',
]);

/** Kinds that replace the whole answer, whatever the request; the others only reshape a success. */
const TRANSPORT_KINDS = new Set<TokenFaultKind>([
  'malformed-json',
  'html',
  'truncated',
  'reset',
  'hang',
]);

/** A fault that decides the token endpoint's answer before the request is even authenticated. */
export type TransportFault =
  | { readonly type: 'kind'; readonly kind: TokenFaultKind }
  | {
      readonly type: 'status';
      readonly status: number;
      readonly retryAfterSeconds: number | undefined;
    };

interface FailRule {
  readonly status: number;
  remaining: number;
  readonly until: number;
  readonly retryAfterSeconds: number | undefined;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number >= 0`);
  return value;
}

function finite(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number of milliseconds`);
  }
  return value;
}

/** The fault state behind `mock.faults`. */
export class FaultState implements MockFaults {
  #tokenLatency = 0;
  #apiLatency = 0;
  #fail: FailRule | undefined;
  readonly #queue: TokenFaultKind[] = [];
  /** Tokens (by `jti`) issued before the last `revokeAll()`. */
  readonly revoked = new Set<string>();
  readonly #live = new Set<string>();

  readonly #initialDateOffset: number;
  #dateOffset: number;

  constructor(
    private readonly now: () => number,
    dateOffsetMs = 0,
  ) {
    this.#initialDateOffset = finite('dateOffsetMs', dateOffsetMs);
    this.#dateOffset = this.#initialDateOffset;
  }

  clockSkew(ms: number): void {
    this.#dateOffset = finite('clockSkew', ms);
  }

  /** The `Date` header value: the mock's clock + the current skew. */
  dateHeader(): string {
    return new Date(this.now() + this.#dateOffset).toUTCString();
  }

  latency(ms: number, options: { readonly target?: LatencyTarget | undefined } = {}): void {
    nonNegative('latency', ms);
    const target = options.target ?? 'token';
    if (target === 'token' || target === 'all') this.#tokenLatency = ms;
    if (target === 'api' || target === 'all') this.#apiLatency = ms;
  }

  failTokenRequests(options: FailTokenRequestsOptions): void {
    const { status, count, durationMs, retryAfterSeconds } = options;
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new RangeError('failTokenRequests: status must be an HTTP status code');
    }
    this.#fail = {
      status,
      remaining: count === undefined ? Infinity : nonNegative('count', count),
      until:
        durationMs === undefined ? Infinity : this.now() + nonNegative('durationMs', durationMs),
      retryAfterSeconds:
        retryAfterSeconds === undefined
          ? undefined
          : nonNegative('retryAfterSeconds', retryAfterSeconds),
    };
  }

  nextTokenResponses(kind: TokenFaultKind, count = 1): void {
    if (!TOKEN_FAULT_KINDS.includes(kind))
      throw new RangeError(`Unknown token fault kind: ${String(kind)}`);
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError('count must be an integer >= 0');
    for (let i = 0; i < count; i++) this.#queue.push(kind);
  }

  revokeAll(): void {
    for (const jti of this.#live) this.revoked.add(jti);
    this.#live.clear();
  }

  clear(): void {
    this.#tokenLatency = 0;
    this.#apiLatency = 0;
    this.#fail = undefined;
    this.#queue.length = 0;
    this.#dateOffset = this.#initialDateOffset;
  }

  /** Remember an issued token so `revokeAll()` can reject it later. */
  issued(jti: string): void {
    this.#live.add(jti);
  }

  /** Delay for a token (`'token'`) or product API (`'api'`) answer, ms. */
  delayFor(target: 'token' | 'api'): number {
    return target === 'token' ? this.#tokenLatency : this.#apiLatency;
  }

  /** Take the fault that replaces this token request's whole answer, if any. */
  takeTransportFault(): TransportFault | undefined {
    const head = this.#queue[0];
    if (head !== undefined && TRANSPORT_KINDS.has(head)) {
      this.#queue.shift();
      return { type: 'kind', kind: head };
    }
    const rule = this.#fail;
    if (!rule) return undefined;
    if (rule.remaining <= 0 || this.now() >= rule.until) {
      this.#fail = undefined;
      return undefined;
    }
    rule.remaining--;
    return { type: 'status', status: rule.status, retryAfterSeconds: rule.retryAfterSeconds };
  }

  /** Take the fault that reshapes a successful token body, if one is queued next. */
  takeBodyFault(): TokenFaultKind | undefined {
    const head = this.#queue[0];
    if (head === undefined || TRANSPORT_KINDS.has(head)) return undefined;
    this.#queue.shift();
    return head;
  }
}
