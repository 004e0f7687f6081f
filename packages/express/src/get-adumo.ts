import type { AdumoContext } from './context';
import { AdumoHttpError } from './http-error';

/**
 * `req.adumo`, or throw an {@link AdumoHttpError} (`code: 'middleware_missing'`, status 500) when the
 * `adumoToken()` middleware did not run for this request: a clear error instead of
 * "cannot read properties of undefined".
 */
export function getAdumo(req: { adumo?: AdumoContext | undefined }): AdumoContext {
  const context = req.adumo;
  if (context === undefined) throw new AdumoHttpError('middleware_missing');
  return context;
}
