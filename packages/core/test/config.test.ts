import { isLoopbackHost } from '../src/env';
import { describe, expect, it } from 'vitest';
import {
  ADUMO_HOSTS,
  type AdumoOAuthError,
  isAdumoOAuthError,
  TokenManager,
  type TokenManagerOptions,
} from '../src';
import { optionsFromEnv } from '../src/adapter';
import { SECRET } from './helpers';

const base = { baseUrl: 'https://auth.example.test', clientId: 'client-1', clientSecret: SECRET };

function configError(options: unknown): AdumoOAuthError {
  try {
    new TokenManager(options as TokenManagerOptions);
  } catch (error) {
    expect(isAdumoOAuthError(error, 'config')).toBe(true);
    expect((error as AdumoOAuthError).code).toBe('config');
    expect((error as Error).message).not.toContain(SECRET);
    return error as AdumoOAuthError;
  }
  throw new Error('expected a ConfigError');
}

describe('options validation', () => {
  it.each([
    [{ ...base, clientId: '' }, /clientId must be a non-empty string/],
    [{ ...base, clientSecret: undefined }, /clientSecret must be a non-empty string/],
    [{ ...base, baseUrl: undefined }, /baseUrl must be a non-empty string/],
    [{ ...base, baseUrl: 'not a url' }, /baseUrl is not a valid URL/],
    [
      { ...base, baseUrl: 'http://auth.example.test' },
      /must use https \(plain http only for loopback hosts\)/,
    ],
    [{ ...base, baseUrl: 'https://user:pw@auth.example.test' }, /must not contain credentials/],
    [{ ...base, tokenUrl: `https://a.test/t?client_secret=${SECRET}` }, /must not have a query/],
    [{ ...base, clientAuth: 'both' }, /clientAuth must be 'query', 'body' or 'basic'/],
    [{ ...base, extraParams: { client_secret: 'x' } }, /extraParams must not set client_secret/],
    [{ ...base, timeoutMs: 0 }, /timeoutMs must be a number between 1/],
    [{ ...base, retry: { maxAttempts: 0 } }, /retry.maxAttempts/],
    [{ ...base, refreshWindow: { ratio: 2 } }, /refreshWindow.ratio/],
    [{ ...base, store: { get() {} } }, /store must implement get, set and delete/],
    [{ ...base, fetch: 'nope' }, /fetch must be a function/],
    [null, /options must be an object/],
  ])('rejects %j', (options, message) => {
    expect(configError(options).message).toMatch(message);
  });

  it('accepts https anywhere and http on loopback hosts only', () => {
    for (const url of [
      'https://x.test',
      'http://127.0.0.1:8080',
      'http://127.9.9.9',
      'http://[::1]:3000',
      'http://localhost:1',
      ADUMO_HOSTS.staging,
    ]) {
      expect(() => new TokenManager({ ...base, baseUrl: url })).not.toThrow();
    }
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(isLoopbackHost('127.0.0.1.evil.test')).toBe(false);
    expect(isLoopbackHost('localhost')).toBe(true);
  });

  it('presets Adumo hosts', () => {
    expect(ADUMO_HOSTS).toEqual({
      staging: 'https://staging-apiv3.adumoonline.com',
      production: 'https://apiv3.adumoonline.com',
    });
  });
});

describe('TokenManager.fromEnv()', () => {
  const env = {
    ADUMO_BASE_URL: 'https://auth.example.test',
    ADUMO_CLIENT_ID: 'id-from-env',
    ADUMO_CLIENT_SECRET: SECRET,
  };

  it('reads the three variables (and preset names)', () => {
    expect(TokenManager.fromEnv({}, env).toJSON()).toMatchObject({
      clientId: 'id-from-env',
      tokenUrl: 'https://auth.example.test/oauth/token',
    });
    expect(TokenManager.fromEnv({}, { ...env, ADUMO_BASE_URL: 'staging' }).toJSON()).toMatchObject({
      tokenUrl: `${ADUMO_HOSTS.staging}/oauth/token`,
    });
    expect(TokenManager.fromEnv({ clientId: 'override' }, env).toJSON()).toMatchObject({
      clientId: 'override',
    });
  });

  it('is also a plain function, and preset names work as baseUrl in the constructor', () => {
    expect(TokenManager.fromEnv({}, { ...env, ADUMO_BASE_URL: 'production' })).toBeInstanceOf(
      TokenManager,
    );
    expect(
      TokenManager.fromEnv({}, { ...env, ADUMO_BASE_URL: 'production' }).toJSON(),
    ).toMatchObject({
      tokenUrl: `${ADUMO_HOSTS.production}/oauth/token`,
    });
    expect(optionsFromEnv({}, env)).toMatchObject({
      baseUrl: env.ADUMO_BASE_URL,
      clientId: 'id-from-env',
    });
    const manager = new TokenManager({ ...base, baseUrl: 'staging' });
    expect(manager.toJSON()).toMatchObject({ tokenUrl: `${ADUMO_HOSTS.staging}/oauth/token` });
  });

  it.each(['ADUMO_BASE_URL', 'ADUMO_CLIENT_ID', 'ADUMO_CLIENT_SECRET'])(
    'names a missing %s',
    (name) => {
      const partial = { ...env, [name]: '' };
      expect(() => TokenManager.fromEnv({}, partial)).toThrow(
        new RegExp(`environment variable ${name} is not set`),
      );
      expect(() => TokenManager.fromEnv({}, partial)).toThrow(
        expect.objectContaining({ code: 'config' }),
      );
    },
  );
});

describe('configuration messages name the variable or option, the value and the accepted forms', () => {
  const env = {
    ADUMO_BASE_URL: 'https://auth.example.test',
    ADUMO_CLIENT_ID: 'id-from-env',
    ADUMO_CLIENT_SECRET: SECRET,
  };
  const messageOf = (run: () => unknown): string => {
    try {
      run();
    } catch (error) {
      expect(isAdumoOAuthError(error, 'config')).toBe(true);
      expect((error as Error).message).not.toContain(SECRET);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('ADUMO_BASE_URL=prod names the variable, shows the value and the accepted forms', () => {
    const message = messageOf(() => TokenManager.fromEnv({}, { ...env, ADUMO_BASE_URL: 'prod' }));
    expect(message).toBe(
      `TokenManager: ADUMO_BASE_URL (baseUrl) is not a valid URL: "prod"; expected 'staging', 'production' or an https URL such as https://apiv3.adumoonline.com (plain http only for loopback hosts)`,
    );
    expect(messageOf(() => new TokenManager({ ...base, baseUrl: 'prod' }))).toMatch(
      /^TokenManager: baseUrl is not a valid URL: "prod"; expected 'staging', 'production'/,
    );
    expect(
      messageOf(() => TokenManager.fromEnv({}, { ...env, ADUMO_BASE_URL: 'http://adumo.test' })),
    ).toMatch(/ADUMO_BASE_URL \(baseUrl\): the token URL must use https .*"http:\/\/adumo.test"/);
  });

  it('reports every missing variable at once, with what each takes', () => {
    const message = messageOf(() => TokenManager.fromEnv({}, {}));
    expect(message).toBe(
      "TokenManager.fromEnv: environment variables ADUMO_BASE_URL, ADUMO_CLIENT_ID and ADUMO_CLIENT_SECRET are not set (ADUMO_BASE_URL: 'staging', 'production' or an https URL; ADUMO_CLIENT_ID: your Adumo client id; ADUMO_CLIENT_SECRET: your Adumo client secret)",
    );
    expect(
      messageOf(() => TokenManager.fromEnv({ baseUrl: 'staging' }, { ADUMO_CLIENT_ID: ' ' })),
    ).toMatch(/environment variables ADUMO_CLIENT_ID and ADUMO_CLIENT_SECRET are not set/);
  });

  it('shows a bad value escaped, redacted and capped; never a secret', () => {
    const hostile = `https://x.test/\u001b[2J\u202e${'a'.repeat(300)}`;
    const message = messageOf(() => new TokenManager({ ...base, baseUrl: `${hostile} ` }));
    // eslint-disable-next-line no-control-regex -- the characters must not be there
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(message).toContain('\\u001b[2J\\u202e');
    expect(message).toMatch(/…\(\d+ more\)/);
    expect(message.length).toBeLessThan(400);
    const secretInUrl = messageOf(
      () => new TokenManager({ ...base, tokenUrl: `https://a.test/t?client_secret=${SECRET}` }),
    );
    expect(secretInUrl).toContain('client_secret=');
    expect(
      messageOf(() => new TokenManager({ ...base, clientSecret: 42 as unknown as string })),
    ).toBe('TokenManager: clientSecret must be a non-empty string (got number)');
    expect(messageOf(() => new TokenManager({ ...base, timeoutMs: -5 }))).toBe(
      'TokenManager: timeoutMs must be a number between 1 and 2147483647 (got -5)',
    );
  });
});

describe('cacheKey (behaviour 2)', () => {
  const key = (o: Partial<TokenManagerOptions> = {}) =>
    new TokenManager({ ...base, ...o }).cacheKey();

  it('is stable for the same identity and contains no secret', async () => {
    expect(await key()).toBe(await key());
    // No namespace of its own: a store adds one (Redis: `adumo-oauth:`), so it is never doubled.
    expect(await key()).toMatch(/^token:client-1:[0-9a-f]{32}$/);
    expect(await key()).not.toContain(SECRET);
    expect(await key({ extraParams: { a: '1', b: '2' } })).toBe(
      await key({ extraParams: { b: '2', a: '1' } }),
    );
  });

  it('differs for every part of the request identity', async () => {
    const keys = await Promise.all([
      key(),
      key({ clientSecret: `${SECRET}x` }),
      key({ clientId: 'client-2' }),
      key({ baseUrl: 'https://other.example.test' }),
      key({ clientAuth: 'body' }),
      key({ scope: 'read' }),
      key({ extraParams: { audience: 'x' } }),
    ]);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
