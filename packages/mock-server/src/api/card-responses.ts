import { randomUUID } from 'node:crypto';

/** The card operations of Adumo's payments API. */
export type CardOperation = 'initiate' | 'authorise' | 'settle' | 'refund' | 'reverse';

const STATUS: Record<CardOperation, string> = {
  initiate: 'INITIATED',
  authorise: 'AUTHORISED',
  settle: 'SETTLED',
  refund: 'REFUNDED',
  reverse: 'REVERSED',
};

function pick(body: Record<string, unknown>, key: string): unknown {
  return body[key] ?? null;
}

/**
 * A plausible answer for a card operation: echoes the caller's references and amount, adds a
 * transaction id (new for `initiate`, the caller's otherwise) and a status.
 */
export function cardResponse(
  operation: CardOperation,
  body: Record<string, unknown>,
  clientId: string,
): Record<string, unknown> {
  const transactionId =
    operation === 'initiate' || typeof body['transactionId'] !== 'string'
      ? randomUUID()
      : body['transactionId'];
  return {
    transactionId,
    merchantReference: pick(body, 'merchantReference'),
    amount: pick(body, 'amount'),
    currencyCode: body['currencyCode'] ?? 'ZAR',
    status: STATUS[operation],
    statusCode: 200,
    statusMessage: 'Approved',
    ...(operation === 'initiate' ? { threeDSecureAuthRequired: false } : {}),
    ...(operation === 'authorise' ? { authorisationCode: authCode() } : {}),
    clientId,
  };
}

function authCode(): string {
  return String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
}
