import type { FaultState } from '../faults';
import type { LatencyTarget, TokenFaultKind } from '../types';

/** A `POST /__mock/faults` command. */
export type FaultCommand =
  | { readonly type: 'latency'; readonly ms: number; readonly target?: LatencyTarget }
  | {
      readonly type: 'fail';
      readonly status: number;
      readonly count?: number;
      readonly durationMs?: number;
      readonly retryAfterSeconds?: number;
    }
  | { readonly type: 'next'; readonly kind: TokenFaultKind; readonly count?: number }
  | { readonly type: 'revoke' }
  | { readonly type: 'skew'; readonly ms: number }
  | { readonly type: 'clear' };

function num(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw new TypeError(`"${key}" must be a number`);
  return value;
}

function required(body: Record<string, unknown>, key: string): number {
  const value = num(body, key);
  if (value === undefined) throw new TypeError(`"${key}" is required`);
  return value;
}

/** Apply a fault command received over HTTP; throws a `TypeError`/`RangeError` when it is invalid. */
export function applyFaultCommand(faults: FaultState, body: Record<string, unknown>): void {
  switch (body['type']) {
    case 'latency': {
      const target = body['target'];
      if (target !== undefined && target !== 'token' && target !== 'api' && target !== 'all') {
        throw new TypeError('"target" must be "token", "api" or "all"');
      }
      faults.latency(required(body, 'ms'), { target });
      return;
    }
    case 'fail':
      faults.failTokenRequests({
        status: required(body, 'status'),
        count: num(body, 'count'),
        durationMs: num(body, 'durationMs'),
        retryAfterSeconds: num(body, 'retryAfterSeconds'),
      });
      return;
    case 'next':
      if (typeof body['kind'] !== 'string') throw new TypeError('"kind" must be a string');
      faults.nextTokenResponses(body['kind'] as TokenFaultKind, num(body, 'count') ?? 1);
      return;
    case 'revoke':
      faults.revokeAll();
      return;
    case 'skew':
      faults.clockSkew(required(body, 'ms'));
      return;
    case 'clear':
      faults.clear();
      return;
    default:
      throw new TypeError('"type" must be one of latency, fail, next, revoke, skew, clear');
  }
}
