import { describe, expect, it } from 'vitest';
import { errorCode, errorType, serverOf } from './names';

describe('attribute values', () => {
  it('server.address and server.port: default ports, IPv6 without brackets, unparsable → undefined', () => {
    expect(serverOf('https://apiv3.adumoonline.com/oauth/token?x=1')).toEqual({
      address: 'apiv3.adumoonline.com',
      port: 443,
      path: '/oauth/token',
    });
    expect(serverOf('http://[::1]:8080/t')).toEqual({ address: '::1', port: 8080, path: '/t' });
    expect(serverOf('http://localhost/oauth/token')?.port).toBe(80);
    expect(serverOf('not a url')).toBeUndefined();
  });

  it('error codes stay bounded: a core code or _OTHER', () => {
    expect(errorCode({ code: 'timeout' })).toBe('timeout');
    expect(errorCode({ code: 'made-up' })).toBe('_OTHER');
    expect(errorCode(new Error('x'))).toBe('_OTHER');
    expect(errorCode(undefined)).toBe('_OTHER');
  });

  it('error.type: the status for an error status, else the code; undefined on success', () => {
    expect(errorType(200, undefined)).toBeUndefined();
    expect(errorType(401, { code: 'token_endpoint' })).toBe('401');
    expect(errorType(200, { code: 'invalid_response' })).toBe('invalid_response');
    expect(errorType(undefined, { code: 'network' })).toBe('network');
  });
});
