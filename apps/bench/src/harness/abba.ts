import { callApi } from './api';
import { nowMs } from './stats';

/** One way of sending the API call: the driver's fetch, a plain fetch with a fixed header, … */
export type Send = (input: string, init: RequestInit) => Promise<Response>;

/** Time `count` sequential API calls with `send`, ms. */
export async function timeBlock(send: Send, baseUrl: string, count: number): Promise<number> {
  const startedAt = nowMs();
  for (let i = 0; i < count; i++) await callApi(send, baseUrl);
  return nowMs() - startedAt;
}

/** How long each side of {@link timeAlternating} took, and how many calls each made. */
export interface AlternatingTimes {
  /** Total ms per side, in the order of the sides given. */
  readonly ms: readonly number[];
  /** Calls each side made. */
  readonly calls: number;
}

/**
 * Time `sides` side by side in one run: `blocks` blocks of `perBlock` sequential API calls per
 * side, alternating the order (ABBA: the sides in order, then in reverse) so machine noise hits
 * every side alike. Stops after an even number of blocks once `deadline` (a {@link nowMs} time)
 * has passed.
 */
export async function timeAlternating(
  sides: readonly Send[],
  baseUrl: string,
  options: { readonly perBlock: number; readonly blocks: number; readonly deadline: number },
): Promise<AlternatingTimes> {
  const ms = sides.map(() => 0);
  let done = 0;
  for (let block = 0; block < options.blocks; block++) {
    if (block % 2 === 0 && block > 0 && nowMs() > options.deadline) break;
    const order = sides.map((_, i) => i);
    if (block % 2 === 1) order.reverse();
    for (const i of order)
      ms[i] = (ms[i] ?? 0) + (await timeBlock(sides[i]!, baseUrl, options.perBlock));
    done++;
  }
  return { ms, calls: options.perBlock * done };
}
