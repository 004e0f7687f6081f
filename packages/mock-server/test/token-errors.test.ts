import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockAdumo, type MockAdumo } from '../src/index';
import { credentialsQuery, fakeClock, ID, requestToken, SECRET } from './helpers';

let mock: MockAdumo;
const clock = fakeClock(Date.UTC(2025, 2, 3, 4, 5, 6, 789));
beforeAll(async () => {
  mock = await startMockAdumo({ now: clock.now });
});
afterAll(() => mock.close());

function expectNoStore(res: Response) {
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('pragma')).toBe('no-cache');
}

describe('token endpoint: Spring error rows', () => {
  it('401 invalid_client with WWW-Authenticate for a wrong secret or an unknown client', async () => {
    for (const init of [{ secret: 'wrong' }, { id: 'unknown-client' }]) {
      const res = await requestToken(mock.tokenUrl, init);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        'Form realm="oauth2/client", error="invalid_client", error_description="Bad client credentials"',
      );
      expectNoStore(res);
      expect(await res.text()).toBe(
        '{"error":"invalid_client","error_description":"Bad client credentials"}',
      );
    }
  });

  it('400 invalid_request "Missing grant type"', async () => {
    const res = await fetch(`${mock.tokenUrl}?client_id=${ID}&client_secret=${SECRET}`, {
      method: 'POST',
    });
    expect(res.status).toBe(400);
    expectNoStore(res);
    expect(res.headers.get('www-authenticate')).toBeNull();
    expect(await res.json()).toEqual({
      error: 'invalid_request',
      error_description: 'Missing grant type',
    });
  });

  it('400 unsupported_grant_type for another grant', async () => {
    const q = credentialsQuery(ID, SECRET, { grant_type: 'password' });
    const res = await fetch(`${mock.tokenUrl}?${q}`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'Unsupported grant type: password',
    });
  });

  it('400 invalid_scope with the allowed scope field, checked before the grant type', async () => {
    const res = await fetch(
      `${mock.tokenUrl}?client_id=${ID}&client_secret=${SECRET}&scope=read%20write`,
      {
        method: 'POST',
      },
    );
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toBe(
      '{"error":"invalid_scope","error_description":"Invalid scope: write","scope":"read"}',
    );
  });

  it('405 method_not_allowed for GET, with Allow: POST', async () => {
    const res = await fetch(`${mock.tokenUrl}?${credentialsQuery()}`, {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await res.json()).toEqual({
      error: 'method_not_allowed',
      error_description: "Request method 'GET' not supported",
    });
  });

  it('500 server_error when the server fails', async () => {
    mock.faults.failTokenRequests({ status: 500, count: 1 });
    const res = await requestToken(mock.tokenUrl);
    expect(res.status).toBe(500);
    expectNoStore(res);
    expect(await res.json()).toEqual({
      error: 'server_error',
      error_description: 'Internal Server Error',
    });
    expect((await requestToken(mock.tokenUrl)).status).toBe(200);
  });

  it('401 non-OAuth Spring Boot JSON when no credentials are sent', async () => {
    const res = await fetch(`${mock.tokenUrl}?grant_type=client_credentials`, {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="oauth2/client"');
    expect(await res.text()).toBe(
      '{"timestamp":"2025-03-03T04:05:06.789+00:00","status":401,"error":"Unauthorized",' +
        '"message":"Unauthorized","path":"/oauth/token"}',
    );
  });

  it('answers XML errors when Accept does not allow JSON', async () => {
    for (const accept of ['application/xml', 'text/html', 'application/json;q=0, text/xml']) {
      const res = await requestToken(mock.tokenUrl, { secret: 'wrong', accept });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/xml;charset=UTF-8');
      expect(await res.text()).toBe(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><oauth>' +
          '<error_description>Bad client credentials</error_description><error>invalid_client</error></oauth>',
      );
    }
    const scope = await requestToken(mock.tokenUrl, {
      extra: { scope: 'admin' },
      accept: 'text/xml',
    });
    expect(await scope.text()).toContain('<error>invalid_scope</error><scope>read</scope></oauth>');
    const boot = await fetch(mock.tokenUrl, {
      method: 'POST',
      headers: { accept: 'application/xml' },
    });
    expect(await boot.text()).toContain(
      '<Map><timestamp>2025-03-03T04:05:06.789+00:00</timestamp><status>401</status>',
    );
  });

  it('answers JSON errors for Accept */*, application/*, +json and no Accept at all', async () => {
    for (const accept of [
      '*/*',
      'application/*',
      'application/problem+json',
      'text/xml, application/json',
    ]) {
      const res = await requestToken(mock.tokenUrl, { secret: 'wrong', accept });
      expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
      expect((await res.json()).error).toBe('invalid_client');
    }
    const res = await fetch(`${mock.tokenUrl}?${credentialsQuery(ID, 'wrong')}`, {
      method: 'POST',
    });
    expect((await res.json()).error).toBe('invalid_client');
  });

  it('answers 404 Spring Boot JSON for unknown paths', async () => {
    const res = await fetch(`${mock.baseUrl}/oauth/authorize`, {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      status: 404,
      error: 'Not Found',
      path: '/oauth/authorize',
    });
  });
});
