import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { merchantSecret } from '../src/index';

const BIN = fileURLToPath(new URL('../bin/adumo-mock.mjs', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Spawn the built bin and resolve with the child and its output once `pattern` appears. */
function start(
  args: string[],
  pattern: RegExp,
): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`bin did not print ${pattern}: ${out}`)),
      15_000,
    );
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = out.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, output: () => out });
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bin exited with ${code}: ${out}`));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('adumo-mock bin', () => {
  it('is built', () => {
    expect(existsSync(fileURLToPath(new URL('../dist/cli.mjs', import.meta.url)))).toBe(true);
  });

  it('prints the base URL and test credentials, serves tokens, and stops on SIGTERM', async () => {
    const { child, match, output } = await start(['--port', '0'], /Press Ctrl\+C to stop\./);
    expect(match).toBeTruthy();
    const baseUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1];
    expect(baseUrl).toBeDefined();
    expect(output()).toContain('client id:     adumo-test-client');
    expect(output()).toContain('client secret: adumo-test-secret');
    const res = await fetch(
      `${baseUrl}/oauth/token?grant_type=client_credentials&client_id=adumo-test-client&client_secret=adumo-test-secret`,
      { method: 'POST' },
    );
    const body = (await res.json()) as {
      access_token: string;
      token_type: string;
      expires_in: number;
    };
    expect([res.status, body.token_type, body.expires_in]).toEqual([200, 'bearer', 599999]);
    const ping = await fetch(`${baseUrl}/products/ping`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(ping.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 30_000);

  it('--json prints one machine-readable line; --token-lifetime applies; SIGINT stops it', async () => {
    const { child, match } = await start(['--json', '--token-lifetime', '5'], /^(\{.*\})\n/);
    const info = JSON.parse(match[1]!) as Record<string, string>;
    expect(Object.keys(info)).toEqual(['baseUrl', 'tokenUrl', 'clientId', 'clientSecret']);
    const res = await fetch(
      `${info.tokenUrl}?grant_type=client_credentials&client_id=${info.clientId}&client_secret=${info.clientSecret}`,
      { method: 'POST' },
    );
    expect((await res.json()).expires_in).toBe(5);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
  }, 30_000);

  it('--merchants N accepts generated merchants; --date-offset skews the Date header', async () => {
    const { child, match } = await start(
      ['--json', '--merchants', '500', '--date-offset=-90000'],
      /^(\{.*\})\n/,
    );
    const info = JSON.parse(match[1]!) as { tokenUrl: string; merchants: unknown };
    expect(info.merchants).toEqual({ count: 500, prefix: 'merchant-' });
    const ask = (id: string) =>
      fetch(
        `${info.tokenUrl}?grant_type=client_credentials&client_id=${id}&client_secret=${merchantSecret(id)}`,
        { method: 'POST' },
      );
    const ok = await ask('merchant-500');
    expect(ok.status).toBe(200);
    // The child's clock is this machine's: the header is about 90 s behind it.
    const skew = Date.parse(ok.headers.get('date')!) - Date.now();
    expect(skew).toBeLessThan(-60_000);
    expect(skew).toBeGreaterThan(-120_000);
    expect((await ask('merchant-501')).status).toBe(401);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 30_000);

  it('exits 1 with a message for a bad argument', async () => {
    const child = spawn(process.execPath, [BIN, '--port', 'abc'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    expect(await exited(child)).toBe(1);
    expect(err).toContain('--port must be a whole number');
  }, 30_000);
});
