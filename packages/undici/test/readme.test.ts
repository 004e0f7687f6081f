import { describe, it } from 'vitest';
import { example } from './readme-example';

describe('README example', () => {
  it(
    'runs verbatim against the mock server: fetch and undici.request, one token',
    () => example.succeeds(/^200 200 /, 2),
    30_000,
  );

  it(
    'reports the typed error, and sends nothing, when the credentials are refused',
    () => example.refusesCredentials(),
    30_000,
  );
});
