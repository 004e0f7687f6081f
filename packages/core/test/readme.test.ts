import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readmeBlock } from '../../../tools/readme-check/src/run';

const path = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

/** Run an example with Node and resolve its stdout. */
function runExample(file: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [path(file)], { timeout: 20_000 }, (error, out) =>
      error === null ? resolve(out) : reject(new Error(error.message)),
    );
  });
}

describe('README', () => {
  it('shows examples/quick-start.mjs verbatim', () => {
    const example = readFileSync(path('examples/quick-start.mjs'), 'utf8');
    const block = readmeBlock(path('README.md'), { lang: 'js', marker: '// quick-start.mjs' });
    expect(block.code).toBe(example);
  });

  it('the example runs against the mock server and prints what the README says', async () => {
    const stdout = await runExample('examples/quick-start.mjs');
    expect(stdout).toMatch(/^Bearer eyJhbG…\(\d+ chars\) true true$/m);
    expect(stdout).toMatch(/^initiate: 200 token requests: 1$/m);
    expect(stdout).toMatch(/^\[adumo-oauth\] token from network: eyJhbG…/m);
  }, 30_000);

  it('shows examples/many-merchants.mjs verbatim, and it prints what it says', async () => {
    const example = readFileSync(path('examples/many-merchants.mjs'), 'utf8');
    const block = readmeBlock(path('README.md'), { lang: 'js', marker: '// many-merchants.mjs' });
    expect(block.code).toBe(example);
    const stdout = await runExample('examples/many-merchants.mjs');
    expect(stdout).toBe(
      [
        'calls: 300 token requests: 100 lookups: 100',
        'merchant-7 got a token for merchant-7 merchants: 100',
        'merchant-999: unknown_merchant',
        'health: ok ok',
        '',
      ].join('\n'),
    );
  }, 30_000);
});
