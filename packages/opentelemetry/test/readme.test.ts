import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT } from '@adumo-oauth/mock-server';
import { example } from './readme-example';

describe('README example', () => {
  it(
    'runs verbatim against the mock server and exports metrics and a span, without the secret',
    () =>
      example.againstMock(({ code, stdout, stderr, mock }) => {
        expect(code).toBe(0);
        expect(stderr).toBe('');
        expect(stdout).toMatch(/token valid until \d{4}-\d\d-\d\dT/);
        expect(stdout).toContain("name: 'POST /oauth/token'");
        expect(stdout).toContain("'url.full': '" + mock.tokenUrl + '?grant_type=REDACTED&');
        expect(stdout).not.toContain(DEFAULT_CLIENT.clientId);
        for (const name of [
          'adumo_oauth.token.requests',
          'adumo_oauth.token.request.duration',
          'adumo_oauth.cache.lookups',
          'adumo_oauth.token.remaining_lifetime',
          'adumo_oauth.token.status',
        ]) {
          expect(stdout).toContain(`name: '${name}'`);
        }
        expect(stdout).toContain("'adumo_oauth.cache.result': 'hit'");
        expect(stdout).not.toContain(DEFAULT_CLIENT.clientSecret);
        expect(mock.stats.snapshot().tokenRequests).toBe(1);
      }),
    30_000,
  );
});
