import { describe, expect, it } from 'vitest';
import { errorCode, errorType, serverOf, statusCode } from './names';

describe('attribute values', () => {
  it('server.address and server.port: default ports, IPv6 without brackets, unparsable → undefined', () => {
    expect(serverOf('https://apiv3.adumoonline.com/oauth/token?x=1&client_id=m-1&x=2')).toEqual({
      address: 'apiv3.adumoonline.com',
      port: 443,
      path: '/oauth/token',
      url: 'https://apiv3.adumoonline.com/oauth/token?x=REDACTED&client_id=REDACTED',
    });
    expect(serverOf('http://[::1]:8080/t')).toEqual({
      address: '::1',
      port: 8080,
      path: '/t',
      url: 'http://[::1]:8080/t',
    });
    expect(serverOf('http://localhost/oauth/token')?.port).toBe(80);
    expect(serverOf('not a url')).toBeUndefined();
  });

  it('error codes stay bounded: a core code or _OTHER', () => {
    expect(errorCode({ code: 'timeout' })).toBe('timeout');
    expect(errorCode({ code: 'made-up' })).toBe('_OTHER');
    expect(errorCode(new Error('x'))).toBe('_OTHER');
    expect(errorCode(undefined)).toBe('_OTHER');
  });

  it('error.type: a known error status, else its class; the code without an error status; undefined on success', () => {
    expect(errorType(200, undefined)).toBeUndefined();
    expect(errorType(401, { code: 'token_endpoint' })).toBe('401');
    expect(errorType(200, { code: 'invalid_response' })).toBe('invalid_response');
    expect(errorType(undefined, { code: 'network' })).toBe('network');
    expect(errorType(418, { code: 'token_endpoint' })).toBe('4xx');
    expect(errorType(599, { code: 'token_endpoint' })).toBe('5xx');
    expect(errorType(999, { code: 'token_endpoint' })).toBe('_OTHER');
  });

  it('http.response.status_code: known statuses only', () => {
    expect(statusCode(200)).toBe(200);
    expect(statusCode(503)).toBe(503);
    expect(statusCode(418)).toBeUndefined();
    expect(statusCode(999)).toBeUndefined();
    expect(statusCode(undefined)).toBeUndefined();
  });
});
