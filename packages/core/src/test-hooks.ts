/**
 * Deterministic sleeps and jitter for this package's own tests. Not exported from the package:
 * the key is a symbol only the tests import from the source.
 */
export const TEST_HOOKS: unique symbol = Symbol('adumo-oauth test hooks');

/** What the tests may replace. */
export interface TestHooks {
  /** Sleep between retries and store polls (default a timer). */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Random source in [0, 1) for jitter (default `Math.random`). */
  readonly random?: (() => number) | undefined;
}

/** Spread into `new TokenManager({ … })` in a test: `...testHooks({ sleep, random })`. */
export function testHooks(hooks: TestHooks): Record<never, never> {
  return { [TEST_HOOKS]: hooks };
}
