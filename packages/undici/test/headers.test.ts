import { describe, expect, it } from 'vitest';
import { RequestHeaders } from '../src/headers';
import { isReplayableBody } from '../src/authorized-request';

describe('RequestHeaders', () => {
  it.each([
    ['a record', { Accept: 'a', 'X-Adumo-Merchant': 'm-1', 'x-many': ['1', '2'] }],
    [
      'the flat array form',
      ['Accept', 'a', 'X-Adumo-Merchant', 'm-1', 'x-many', '1', 'x-many', '2'],
    ],
    [
      'an iterable of pairs',
      new Map<string, string | string[]>([
        ['Accept', 'a'],
        ['X-Adumo-Merchant', 'm-1'],
        ['x-many', ['1', '2']],
      ]),
    ],
  ])('reads %s, and builds a new record without the dropped header', (_form, given) => {
    const headers = new RequestHeaders(given as never);
    expect(headers.get('accept')).toBe('a');
    expect(headers.get('x-adumo-merchant')).toBe('m-1');
    expect(headers.get('authorization')).toBeUndefined();
    expect(headers.with('Bearer t', 'x-adumo-merchant')).toEqual({
      Accept: 'a',
      'x-many': ['1', '2'],
      authorization: 'Bearer t',
    });
  });

  it('leaves the caller’s object as it was', () => {
    const given = { accept: 'a' };
    new RequestHeaders(given).with('Bearer t', undefined);
    expect(given).toEqual({ accept: 'a' });
    expect(new RequestHeaders(null).with('Bearer t', undefined)).toEqual({
      authorization: 'Bearer t',
    });
  });
});

describe('isReplayableBody', () => {
  it('none, a string, a Buffer and a Uint8Array can be sent again; a stream cannot', async () => {
    const { Readable } = await import('node:stream');
    expect(
      [undefined, null, 'x', Buffer.from('x'), new Uint8Array(1)].map(isReplayableBody),
    ).toEqual([true, true, true, true, true]);
    expect(isReplayableBody(Readable.from(['x']))).toBe(false);
    expect(isReplayableBody((async function* () {})())).toBe(false);
  });
});
