import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CLIENT, startMockAdumo } from '@adumo-oauth/mock-server';
import { describe, expect, it } from 'vitest';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Run a node script; resolves with its exit code and output (killed after `limitMs`). */
function node(args: string[], env: Record<string, string>, limitMs: number) {
  return new Promise<{
    code: number | null;
    signal: string | null;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    execFile(
      process.execPath,
      args,
      { env: { ...process.env, ...env }, timeout: limitMs },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: number; signal?: string }) | null;
        resolve({
          code: failure ? (failure.code ?? null) : 0,
          signal: failure?.signal ?? null,
          stdout,
          stderr,
        });
      },
    );
  });
}

describe('resources (behaviour 11)', () => {
  it.each([
    ['0', '0', 1],
    ['1', '0', 1],
    ['0', '1', 2],
  ])(
    'a process holding a manager exits on its own once idle (keepWarm=%s, failing refresh=%s)',
    async (keepWarm, failRefresh, requests) => {
      const mock = await startMockAdumo();
      try {
        const result = await node(
          [fixture('idle-exit.mjs')],
          {
            MOCK_BASE_URL: mock.baseUrl,
            MOCK_CLIENT_ID: DEFAULT_CLIENT.clientId,
            MOCK_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
            KEEP_WARM: keepWarm,
            FAIL_REFRESH: failRefresh,
          },
          20_000,
        );
        expect(result.signal).toBeNull(); // not killed by the 20 s limit
        expect(result.code).toBe(0);
        const retries = failRefresh === '1' ? 1 : 0;
        expect(result.stdout).toBe(
          `token ${/[0-9a-f-]{36}/.exec(result.stdout)?.[0]} same=true retries=${retries}\n`,
        );
        expect(mock.stats.tokenRequests).toBe(requests);
      } finally {
        await mock.close();
      }
    },
    30_000,
  );

  it('memory stays flat over 1,000,000 cache-hit getToken() calls', async () => {
    const result = await node(['--expose-gc', fixture('hot-loop-memory.mjs')], {}, 40_000);
    expect(result.stderr).toBe('');
    const { before, after, same, stats } = JSON.parse(result.stdout) as {
      before: number;
      after: number;
      same: number;
      stats: { hits: number; requests: number };
    };
    expect(same).toBe(1_000_000);
    expect(stats.requests).toBe(1);
    expect(stats.hits).toBe(1_050_000);
    expect(after - before).toBeLessThan(4 * 1024 * 1024); // generous: a leak of even 8 bytes/call is 8 MB
  }, 60_000);
});
