/** Package version placeholder until the package is built out. */
export const PACKAGE = '@adumo-oauth/express';
