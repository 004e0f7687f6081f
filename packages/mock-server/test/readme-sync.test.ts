import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readmeBlocks } from '../../../tools/readme-check/src/run';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** Every ```ts block of the README, in order. */
const tsBlocks = (readme: string) =>
  readmeBlocks(fileURLToPath(new URL(readme, import.meta.url)), { lang: 'ts' }).map((b) => b.code);

/** The test file without its first line (the "verbatim" comment). */
const body = (file: string) => {
  const text = read(file);
  return text.slice(text.indexOf('\n') + 1);
};

describe('README', () => {
  const blocks = tsBlocks('../README.md');

  it('has exactly the two examples the tests run', () => {
    expect(blocks).toHaveLength(2);
  });

  it('shows exactly the example that test/readme-example.test.ts runs', () => {
    expect(body('./readme-example.test.ts')).toBe(blocks[0]);
  });

  it('shows exactly the "Many merchants" example that test/readme-merchants.test.ts runs', () => {
    expect(body('./readme-merchants.test.ts')).toBe(blocks[1]);
  });
});
