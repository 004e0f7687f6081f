export const PACKAGE = 1;
