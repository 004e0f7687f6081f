import { randomUUID } from 'node:crypto';
import { signJwt } from '../jwt';
import type { MockContext } from '../context';
import type { MockClient } from '../types';

/** The audience Adumo's resource server expects. */
export const RESOURCE_ID = 'resource-server-rest-api';

/** A freshly issued access token. */
export interface IssuedToken {
  readonly value: string;
  readonly jti: string;
  /** Expiry, epoch ms (issue time + lifetime). */
  readonly expiresAtMs: number;
  readonly scope: readonly string[];
}

/** Mint a new HS256 JWT (new `jti` every time) with the claims Adumo's tokens carry. */
export function mintToken(
  ctx: MockContext,
  client: MockClient,
  scope: readonly string[],
): IssuedToken {
  const jti = randomUUID();
  const expiresAtMs = ctx.now() + client.tokenLifetimeSeconds * 1000;
  const value = signJwt(
    {
      aud: [RESOURCE_ID],
      scope: [...scope],
      exp: Math.floor(expiresAtMs / 1000),
      authorities: [...client.authorities],
      jti,
      client_id: client.clientId,
    },
    ctx.signingSecret,
  );
  ctx.faults.issued(jti);
  return { value, jti, expiresAtMs, scope };
}

/** `expires_in`: seconds left at the moment the response is written (rounded up, so a fresh token shows its full lifetime). */
export function expiresIn(token: IssuedToken, now: number): number {
  return Math.ceil((token.expiresAtMs - now) / 1000);
}
