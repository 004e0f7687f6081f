import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/** test/app.ts runs every middleware test on both: the oldest Express 4 the peer range allows, and 5. */
const require = createRequire(import.meta.url);

describe('Express majors under test', () => {
  it('are Express 4.17 (express4 alias) and Express 5 (express)', () => {
    expect((require('express4/package.json') as { version: string }).version).toMatch(/^4\.17\./);
    expect((require('express/package.json') as { version: string }).version).toMatch(/^5\./);
  });
});
