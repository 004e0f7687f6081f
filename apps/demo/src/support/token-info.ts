import type { AccessToken } from '@adumo-oauth/core';
import { CARD_PATHS } from '@adumo-oauth/mock-server';

/** What the report shows about a token: never its value, only the library's redacted form. */
export interface TokenSummary {
  /** `String(token)`: the library's redaction, e.g. `eyJhbG…(1577 chars)`. */
  readonly display: string;
  /** ISO time after which the token must not be used. */
  readonly expiresAt: string;
  /** Lifetime granted, in seconds to 0.1 (expiry minus the time the request was sent). */
  readonly lifetimeSeconds: number;
  /** Granted scopes, e.g. `["read"]`. */
  readonly scope: readonly string[];
  /** How many authorities (Adumo permissions) the JWT grants. */
  readonly authorities: number;
  /** The card API authorities the demo needs, and whether each was granted. */
  readonly cardAuthorities: Readonly<Record<string, boolean>>;
}

/** The authorities the demo's card flow needs (initiate, authorise, settle). */
export const NEEDED_AUTHORITIES = ['initiate', 'authorise', 'settle'].map(
  (op) => CARD_PATHS[`/products/payments/v1/card/${op}`] ?? op,
);

/** Summarise a token for the report (redacted; the JWT is decoded only for diagnostics). */
export function summariseToken(token: AccessToken): TokenSummary {
  return {
    display: String(token),
    expiresAt: new Date(token.expiresAt).toISOString(),
    lifetimeSeconds: Math.round((token.expiresAt - token.issuedAt) / 100) / 10,
    scope: [...token.scope],
    authorities: token.authorities.length,
    cardAuthorities: Object.fromEntries(NEEDED_AUTHORITIES.map((a) => [a, token.hasAuthority(a)])),
  };
}
