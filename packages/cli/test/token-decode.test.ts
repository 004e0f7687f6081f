import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockAdumo, type MockAdumo } from '@adumo-oauth/mock-server';
import { assertNoLeak, envFor, runBin, WHOLE_JWT } from './helpers';

const ID = 'cli-token-client';
const SECRET = 'token-cmd-secret-ä/+';
let mock: MockAdumo;
let env: Record<string, string>;

beforeAll(async () => {
  mock = await startMockAdumo({
    clients: [{ clientId: ID, clientSecret: SECRET, tokenLifetimeSeconds: 3600 }],
  });
  env = envFor(mock.baseUrl, ID, SECRET);
});
afterAll(() => mock.close());

async function rawToken(): Promise<string> {
  const result = await runBin(['token', '--print-token'], env);
  expect(result.code).toBe(0);
  return result.stdout.trim();
}

describe('adumo-oauth token', () => {
  it('prints a redacted summary by default, never the whole token', async () => {
    const result = await runBin(['token'], env);
    assertNoLeak(result, [SECRET]);
    expect(result.code).toBe(0);
    const rows = Object.fromEntries(
      result.stdout
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, 12).trim(), l.slice(13)]),
    );
    expect(Object.keys(rows)).toEqual([
      'token_type',
      'expires in',
      'scope',
      'authorities',
      'jti',
      'client_id',
      'token',
    ]);
    expect(rows['token_type']).toBe('Bearer');
    expect(rows['expires in']).toMatch(/^(3600|3599) s \(\S+ ?\S*\), at \d{4}-\d\d-\d\dT/);
    expect([rows['scope'], rows['authorities'], rows['client_id']]).toEqual(['read', '47', ID]);
    expect(rows['jti']).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows['token']).toMatch(/^eyJhbG…\(\d+ chars\) {2}\(--print-token prints it whole\)$/);
  });

  it('--json prints the same summary as one object', async () => {
    const result = await runBin(['token', '--json'], env);
    assertNoLeak(result, [SECRET]);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual([
      'tokenType',
      'expiresInSeconds',
      'expiresAt',
      'scope',
      'authorities',
      'jti',
      'clientId',
      'token',
    ]);
    expect([
      summary['tokenType'],
      summary['scope'],
      summary['authorities'],
      summary['clientId'],
    ]).toEqual(['Bearer', ['read'], 47, ID]);
  });

  it('--print-token prints exactly the raw token, one the API accepts (for curl)', async () => {
    const token = await rawToken();
    expect(token).toMatch(new RegExp(`^${WHOLE_JWT.source}$`));
    const res = await fetch(`${mock.baseUrl}/products/ping`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(await res.json()).toEqual({ status: 'ok', clientId: ID });
  });

  it('a wrong secret: core’s redacted error on stderr, exit 13; no configuration: exit 10', async () => {
    const wrong = 'not-the-Secret-42';
    const result = await runBin(['token'], { ...env, ADUMO_CLIENT_SECRET: wrong });
    assertNoLeak(result, [wrong, SECRET]);
    expect([result.code, result.stdout]).toEqual([13, '']);
    expect(result.stderr).toMatch(
      /^adumo-oauth token: .*401.*invalid_client.* \[token_endpoint\]\nRun adumo-oauth doctor/,
    );
    const none = await runBin(['token'], {});
    expect(none.code).toBe(10);
    expect(none.stderr).toMatch(
      /variables ADUMO_BASE_URL, ADUMO_CLIENT_ID and ADUMO_CLIENT_SECRET are not set/,
    );
  });
});

describe('adumo-oauth decode', () => {
  it('prints header and claims of a JWT from stdin, with ISO dates, without the signature', async () => {
    const token = await rawToken();
    const result = await runBin(['decode'], {}, `${token}\n`);
    assertNoLeak(result, []);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as {
      header: Record<string, unknown>;
      claims: Record<string, unknown>;
      dates: Record<string, string>;
      expired: boolean;
    };
    expect(out.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(out.claims['client_id']).toBe(ID);
    expect(out.claims['aud']).toEqual(['resource-server-rest-api']);
    expect(out.dates['exp']).toBe(new Date((out.claims['exp'] as number) * 1000).toISOString());
    expect(out.expired).toBe(false);
    expect(result.stdout).not.toContain(token.split('.')[2]!);
  });

  it('takes the JWT as an argument too, with or without "Bearer "', async () => {
    const token = await rawToken();
    for (const input of [token, `Bearer ${token}`]) {
      const result = await runBin(['decode', input], {});
      expect(result.code).toBe(0);
      expect(
        (JSON.parse(result.stdout) as { claims: { client_id: string } }).claims.client_id,
      ).toBe(ID);
    }
  });

  it('refuses input that is not a JWT with exit 3, without echoing it', async () => {
    for (const input of ['not-a-jwt-SECRETISH', 'a.b.c', 'eyJub3QganNvbg.eyJhIjoxfQ.sig', '']) {
      const result = await runBin(['decode'], {}, input);
      expect([input, result.code, result.stdout]).toEqual([input, 3, '']);
      expect(result.stderr).toMatch(/^adumo-oauth decode: the input is not a JWT/);
      if (input.length > 3) expect(result.stderr).not.toContain(input);
    }
  });
});

describe('adumo-oauth', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };

  it('--help prints usage with the exit codes; --version the package version', async () => {
    const help = await runBin(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: adumo-oauth <command>/);
    expect(help.stdout).toContain('13 token request');
    expect(help.stdout).toContain('20 token endpoint unreachable');
    const version = await runBin(['--version'], {});
    expect([version.code, version.stdout]).toEqual([0, `${pkg.version}\n`]);
    expect((await runBin(['doctor', '--help'], {})).stdout).toMatch(/^Usage/);
  });

  it('an unknown command or none prints usage and exits 2', async () => {
    const unknown = await runBin(['frobnicate'], {});
    expect([unknown.code, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toMatch(/^adumo-oauth: unknown command "frobnicate"\n\nUsage:/);
    const none = await runBin([], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Usage:/);
  });
});
