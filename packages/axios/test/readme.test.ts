import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT } from '@adumo-oauth/mock-server';
import { example } from './readme-example';

describe('README example', () => {
  it(
    'runs verbatim against the mock server and initiates a card payment',
    () => example.succeeds(/^200 /, 1),
    30_000,
  );

  it(
    'reports the typed error, and sends nothing, when the credentials are refused',
    () => example.refusesCredentials(),
    30_000,
  );

  it(
    'reports an API error as axios’s error',
    () =>
      example.againstMock(
        ({ code, stderr }) => {
          expect(code).toBe(0);
          expect(stderr).toBe('http 403\n');
        },
        { prepare: (mock) => mock.clients.update(DEFAULT_CLIENT.clientId, { authorities: [] }) },
      ),
    30_000,
  );
});
