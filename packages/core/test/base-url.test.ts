import { describe, expect, it } from 'vitest';
import { ADUMO_HOSTS, TokenManager } from '../src';

const credentials = { clientId: 'id', clientSecret: 'secret' };

describe('TokenManager.baseUrl (the origin adapters send the token to)', () => {
  it('is the configured base URL without trailing slashes, presets resolved', () => {
    expect(new TokenManager({ ...credentials, baseUrl: 'https://api.example/' }).baseUrl).toBe(
      'https://api.example',
    );
    expect(new TokenManager({ ...credentials, baseUrl: 'http://127.0.0.1:8080/v3' }).baseUrl).toBe(
      'http://127.0.0.1:8080/v3',
    );
    expect(new TokenManager({ ...credentials, baseUrl: 'production' }).baseUrl).toBe(
      ADUMO_HOSTS.production,
    );
  });

  it('is the token URL’s origin when only tokenUrl is given', () => {
    const tokens = new TokenManager({ ...credentials, tokenUrl: 'https://auth.example/token' });
    expect(tokens.baseUrl).toBe('https://auth.example');
  });
});
