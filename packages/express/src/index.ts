export type { AdumoContext } from './context';
export { adumoToken, type AdumoTokenMiddleware, type AdumoTokenOptions } from './middleware';
export { adumoErrorHandler, type AdumoErrorMiddleware } from './error-handler';
export { getAdumo } from './get-adumo';
export { AdumoHttpError, toHttpError } from './http-error';
export { createAuthorizedFetch, type FetchLike } from '@adumo-oauth/fetch';

// The core's public surface (classes, errors, types), so `@adumo-oauth/express` alone is enough to
// import from.
export * from '@adumo-oauth/core';
