import type { Request } from 'express';
import type { Request as Request4 } from 'express4';
import { describe, expectTypeOf, it } from 'vitest';
import type { AccessTokenLike } from '@adumo-oauth/core';
import { getAdumo, type AdumoContext, type FetchLike } from '../src';

describe('Express.Request augmentation (source types, checked by `tsc --noEmit`)', () => {
  it('types req.adumo on Express 5 and Express 4 requests', () => {
    expectTypeOf<Request['adumo']>().toEqualTypeOf<AdumoContext | undefined>();
    expectTypeOf<Request4['adumo']>().toEqualTypeOf<AdumoContext | undefined>();
    expectTypeOf(getAdumo).parameter(0).toExtend<{ adumo?: AdumoContext | undefined }>();
    expectTypeOf<AdumoContext['fetch']>().toEqualTypeOf<FetchLike>();
    expectTypeOf<AdumoContext['getToken']>().returns.toEqualTypeOf<Promise<AccessTokenLike>>();
    expectTypeOf<AdumoContext['token']>().toEqualTypeOf<AccessTokenLike | undefined>();
  });
});
