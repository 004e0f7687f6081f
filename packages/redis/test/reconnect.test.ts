import { describe, expect, it } from 'vitest';
import { IOREDIS_STORE_OPTIONS } from '../src/index';

describe('reconnect delays', () => {
  it("ioredis reconnects after 100 ms, 200 ms, … doubling up to 2 s (the core's backoff, no jitter)", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 50].map((n) => IOREDIS_STORE_OPTIONS.retryStrategy(n));
    expect(delays).toEqual([100, 200, 400, 800, 1_600, 2_000, 2_000, 2_000]);
  });
});
