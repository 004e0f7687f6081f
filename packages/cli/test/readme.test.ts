import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { readmeBlocks } from '../../../tools/readme-check/src/run';
import { BIN } from './helpers';

const blocks = readmeBlocks(fileURLToPath(new URL('../README.md', import.meta.url)));
/** Each sh block followed by a text block: the commands and the output the README promises. */
const examples = blocks.flatMap((b, i) =>
  b.lang === 'sh' && blocks[i + 1]?.lang === 'text'
    ? [{ script: b.code, output: blocks[i + 1]!.code }]
    : [],
);

/** Values that differ from run to run: times, dates, ids. */
function normalise(text: string): string {
  return text
    .replace(/ in \d+ ms/g, ' in N ms')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, 'DATE')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID')
    .replace(/[-+]?\d+ s apart/g, 'N s apart')
    .replace(
      /server clock (in step with|\d+ s (behind|ahead of)) this machine/g,
      'server clock SKEW this machine',
    )
    .replace(/6d 22h 39m 5\ds/g, '6d 22h 39m Ns')
    .replace(/59999\d s/g, '59999N s');
}

let mock: MockAdumo;
let shim: string;
beforeAll(async () => {
  mock = await startMockAdumo();
  // `npx -p @adumo-oauth/cli adumo-oauth` in a project that has it installed runs
  // node_modules/.bin/adumo-oauth (without one, npx installs the package first): this shim.
  shim = mkdtempSync(join(tmpdir(), 'adumo-cli-readme-'));
  writeFileSync(join(shim, 'adumo-oauth'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(shim, 'adumo-oauth'), 0o755);
});
afterAll(async () => {
  await mock.close();
  rmSync(shim, { recursive: true, force: true });
});

function sh(script: string): Promise<string> {
  const port = String(mock.port);
  const local = script
    .replaceAll('npx -p @adumo-oauth/cli adumo-oauth', 'adumo-oauth')
    .replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`);
  // Every npx must have become the shim: nothing here may ask the registry.
  if (local.includes('npx')) return Promise.reject(new Error(`npx left in: ${local}`));
  return new Promise((resolve, reject) => {
    execFile(
      'sh',
      ['-c', local],
      { env: { PATH: `${shim}:${process.env['PATH']}` }, timeout: 30_000 },
      (error, stdout) =>
        error !== null && error.killed
          ? reject(new Error(error.message))
          : resolve(stdout.replaceAll(`127.0.0.1:${port}`, '127.0.0.1:8080')),
    );
  });
}

describe('README', () => {
  it('has the three command examples with their output', () => {
    expect(examples).toHaveLength(3);
  });

  it('every example prints what the README shows (against a real mock)', async () => {
    let exported = '';
    for (const { script, output } of examples) {
      exported +=
        script
          .split('\n')
          .filter((l) => l.startsWith('export '))
          .join('\n') + '\n';
      const stdout = await sh(exported + script);
      expect(normalise(stdout)).toBe(normalise(output));
    }
    expect(mock.stats.snapshot().apiCallsByClient).toEqual({ 'adumo-test-client': 1 });
  }, 60_000);

  it('the runDoctor example runs and reports every check', async () => {
    const code = blocks.find((b) => b.lang === 'js')!.code;
    const file = join(import.meta.dirname, '..', '.readme-example.mjs');
    writeFileSync(file, code);
    try {
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          [file],
          {
            env: {
              ADUMO_BASE_URL: mock.baseUrl,
              ADUMO_CLIENT_ID: 'adumo-test-client',
              ADUMO_CLIENT_SECRET: 'adumo-test-secret',
            },
            timeout: 30_000,
          },
          (error, out) => (error === null ? resolve(out) : reject(new Error(error.message))),
        );
      });
      expect(stdout.trim().split('\n')).toEqual([
        'ok      configuration',
        'ok      host resolves',
        'skipped TLS handshake',
        'ok      token request',
        'ok      token_type',
        'ok      expires_in vs JWT exp',
        'ok      scope',
        'ok      authorities',
        'ok      clock skew',
        'ok      API call',
        'exit code 0',
      ]);
    } finally {
      rmSync(file, { force: true });
    }
  }, 30_000);
});
