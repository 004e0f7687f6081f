import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { BIN, envFor } from './helpers';

let mock: MockAdumo;
beforeAll(async () => {
  mock = await startMockAdumo();
  mock.faults.latency(1_200); // a slow token request: long enough for the spinner to show
});
afterAll(() => mock.close());

/** Run the bin with stdout on a pseudo-terminal (util-linux `script`), at most 20 s. */
function onTty(args: string[]): Promise<string> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: {
        PATH: process.env['PATH'],
        ...envFor(mock.baseUrl, 'adumo-test-client', 'adumo-test-secret'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no end: ${out}`));
    }, 20_000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

describe('spinner', () => {
  it('shows on a slow step when stdout is a terminal, and is erased before the result line', async () => {
    const out = await onTty(['doctor']);
    expect(out).toMatch(/\r[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] token request…/);
    expect(out).toContain('\r\u001b[2K✔ token request');
    expect(out).toMatch(/All 8 checks passed/);
  });

  it('never shows with --json, even on a terminal', async () => {
    const out = await onTty(['doctor', '--json']);
    expect(out).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(out).not.toContain('\u001b');
    expect(out).toMatch(/"ok": true/);
  });
});
