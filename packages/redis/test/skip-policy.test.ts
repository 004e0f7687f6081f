import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const vitestBin = join(
  dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
);
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

/** Run the fixture suite in a child vitest where no Redis can be found. */
function runWithoutRedis(
  extraEnv: Record<string, string>,
): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_SERVER_BIN: '/nonexistent/redis-server',
    ...extraEnv,
  };
  delete env.REDIS_URL;
  if (!('REQUIRE_REDIS' in extraEnv)) delete env.REQUIRE_REDIS;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [vitestBin, 'run', '--root', fixtures, '--reporter', 'verbose', '--color=false'],
      { env: { ...env, FORCE_COLOR: '0', NO_COLOR: '1' }, timeout: 40_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, output: stdout + stderr });
      },
    );
  });
}

describe('what happens without a Redis', () => {
  it('skips the suite with the reason printed', async () => {
    const { code, output } = await runWithoutRedis({});
    expect(output).toContain(
      'skipping "a suite that needs Redis": no /nonexistent/redis-server binary on PATH and REDIS_URL is not set',
    );
    expect(output).toMatch(/Tests\s+1 skipped/);
    expect(code).toBe(0);
  }, 45_000);

  it('fails instead under REQUIRE_REDIS=1', async () => {
    const { code, output } = await runWithoutRedis({ REQUIRE_REDIS: '1' });
    expect(output).toContain('Redis tests cannot run: no /nonexistent/redis-server binary on PATH');
    expect(output).toMatch(/Tests\s+1 failed/);
    expect(code).toBe(1);
  }, 45_000);
});
