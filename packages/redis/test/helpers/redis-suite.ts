import { describe, it } from 'vitest';
import { provideRedis, type TestRedis } from './redis-server';

const REQUIRED = process.env.REQUIRE_REDIS === '1';

/**
 * Declare a suite that needs a real Redis. Without one it is skipped with a printed reason, except
 * under `REQUIRE_REDIS=1` (CI), where a failing test stands in for it.
 */
export async function describeWithRedis(
  name: string,
  body: (redis: TestRedis) => void,
  options: { ownServer?: boolean } = {},
): Promise<void> {
  const provision = await provideRedis(options);
  if (provision.redis) {
    const redis = provision.redis;
    describe(name, () => body(redis));
    return;
  }
  const reason = provision.reason;
  if (REQUIRED) {
    describe(name, () => {
      it('has a real Redis (REQUIRE_REDIS=1)', () => {
        throw new Error(`Redis tests cannot run: ${reason}`);
      });
    });
    return;
  }
  console.warn(`[@adumo-oauth/redis] skipping "${name}": ${reason}`);
  describe.runIf(false)(name, () => body(undefined as never));
}
