import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('README', () => {
  it('shows exactly the example that test/readme-example.test.ts runs', () => {
    const readme = read('../README.md');
    const start = readme.indexOf('```ts\n') + '```ts\n'.length;
    const example = readme.slice(start, readme.indexOf('```', start));
    const test = read('./readme-example.test.ts');
    expect(test.slice(test.indexOf('\n') + 1)).toBe(example);
  });
});
