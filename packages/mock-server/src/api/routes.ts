import { cardResponse, type CardOperation } from './card-responses';

/** One product API endpoint. */
export interface ApiRoute {
  readonly method: 'GET' | 'POST';
  /** Authority the token must carry (`undefined`: any valid token). */
  readonly authority: string | undefined;
  /** Build the 200 body from the (parsed JSON) request body. */
  respond(body: Record<string, unknown>, clientId: string): unknown;
}

/** The scope every product API path requires. */
export const REQUIRED_SCOPE = 'read';

const CARD_BASE = '/products/payments/v1/card/';

const CARD_AUTHORITIES: Record<CardOperation, string> = {
  initiate: 'TRANSACTION_CREATE',
  authorise: 'AUTHORISE_CARD_TRANSACTION',
  settle: 'SETTLE_TRANSACTION',
  refund: 'REFUND_TRANSACTION',
  reverse: 'REVERSE_TRANSACTION',
};

/** Every card path with the authority it requires. */
export const CARD_PATHS: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(
    Object.entries(CARD_AUTHORITIES).map(([op, authority]) => [CARD_BASE + op, authority]),
  ),
);

const PING: ApiRoute = {
  method: 'GET',
  authority: undefined,
  respond: (_body, clientId) => ({ status: 'ok', clientId }),
};

/** The route of a product API path, if it exists. */
export function findRoute(path: string): ApiRoute | undefined {
  if (path === '/products/ping') return PING;
  if (!path.startsWith(CARD_BASE)) return undefined;
  const operation = path.slice(CARD_BASE.length) as CardOperation;
  if (!Object.hasOwn(CARD_AUTHORITIES, operation)) return undefined;
  return {
    method: 'POST',
    authority: CARD_AUTHORITIES[operation],
    respond: (body, clientId) => cardResponse(operation, body, clientId),
  };
}
