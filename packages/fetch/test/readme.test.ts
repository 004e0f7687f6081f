import { describe, it } from 'vitest';
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
});
