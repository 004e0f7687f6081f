import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** Every ```ts block of the README, in order. */
function tsBlocks(readme: string): string[] {
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

/** The test file without its first line (the "verbatim" comment). */
const body = (file: string) => {
  const text = read(file);
  return text.slice(text.indexOf('\n') + 1);
};

describe('README', () => {
  const blocks = tsBlocks(read('../README.md'));

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
