import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT } from '@adumo-oauth/mock-server';
import { exampleAgainstMock } from './readme-example';

describe('README example', () => {
  it(
    'runs verbatim against the mock server and initiates a card payment',
    () =>
      exampleAgainstMock(({ code, stdout, stderr, mock }) => {
        expect(code).toBe(0);
        expect(stderr).toBe('');
        expect(stdout).toMatch(/^200 /);
        expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 1 });
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

  it(
    'reports an API error as axios’s error',
    () =>
      exampleAgainstMock(
        ({ code, stderr }) => {
          expect(code).toBe(0);
          expect(stderr).toBe('http 403\n');
        },
        { prepare: (mock) => mock.clients.update(DEFAULT_CLIENT.clientId, { authorities: [] }) },
      ),
    30_000,
  );
});
