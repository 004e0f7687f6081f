import { describe, expect, it } from 'vitest';
import { exampleAgainstMock } from './readme-example';

describe('README example', () => {
  it(
    'runs verbatim against the mock server: fetch and undici.request, one token',
    () =>
      exampleAgainstMock(({ code, stdout, stderr, mock }) => {
        expect(code).toBe(0);
        expect(stderr).toBe('');
        expect(stdout).toMatch(/^200 200 /);
        expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 2 });
      }),
    30_000,
  );

  it(
    'reports the typed error, and sends nothing, when the credentials are refused',
    () =>
      exampleAgainstMock(
        ({ code, stderr, mock }) => {
          expect(code).toBe(0);
          expect(stderr).toMatch(/^token_endpoint /);
          expect(stderr).not.toContain('not-the-secret');
          expect(mock.stats.snapshot().apiCalls).toBe(0);
        },
        { clientSecret: 'not-the-secret' },
      ),
    30_000,
  );
});
