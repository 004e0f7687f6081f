import type { FetchLike } from '@adumo-oauth/fetch';

/** The card API paths the demo calls, in order. */
export const CARD_FLOW = ['initiate', 'authorise', 'settle'] as const;

/** What one initiate → authorise → settle run produced. */
export interface CardFlowResult {
  /** Every API call's HTTP status, in order (a failed step ends the flow). */
  readonly statuses: number[];
  /** The transaction id from `initiate`, when it answered with one. */
  readonly transactionId: string | undefined;
  /** The `status` field of each answer, e.g. `INITIATED`, `AUTHORISED`, `SETTLED`. */
  readonly states: string[];
  /** Whether every step answered 2xx. */
  readonly ok: boolean;
  /** Whether the API accepted the token on every call (no 401/403 reached the caller). */
  readonly authorised: boolean;
}

/**
 * The status an app answers for a card flow: 200 paid; 422 when the API accepted the token but
 * refused the payment (a real Adumo host refuses the demo's made-up card data); 502 otherwise.
 */
export function checkoutStatus(payment: CardFlowResult): 200 | 422 | 502 {
  if (payment.ok) return 200;
  const last = payment.statuses.at(-1) ?? 0;
  return payment.authorised && last >= 400 && last < 500 ? 422 : 502;
}

/**
 * Pay with the card API through an authorized fetch: `initiate`, then `authorise` and `settle`
 * the same transaction. The fetch attaches the token; this code never sees it.
 *
 * @example
 * const result = await runCardFlow(createAuthorizedFetch(tokens), baseUrl, 'order-1');
 */
export async function runCardFlow(
  adumoFetch: FetchLike,
  baseUrl: string,
  merchantReference: string,
  amount = 1500,
): Promise<CardFlowResult> {
  const statuses: number[] = [];
  const states: string[] = [];
  let transactionId: string | undefined;
  for (const step of CARD_FLOW) {
    const res = await adumoFetch(`${baseUrl}/products/payments/v1/card/${step}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ amount, merchantReference, currencyCode: 'ZAR', transactionId }),
    });
    statuses.push(res.status);
    const body = await readJson(res);
    if (!res.ok)
      return { statuses, transactionId, states, ok: false, authorised: authorised(statuses) };
    transactionId ??= typeof body['transactionId'] === 'string' ? body['transactionId'] : undefined;
    if (typeof body['status'] === 'string') states.push(body['status']);
  }
  return { statuses, transactionId, states, ok: true, authorised: true };
}

function authorised(statuses: readonly number[]): boolean {
  return statuses.every((s) => s !== 401 && s !== 403);
}

/** POST one card API call (used by the load scenes); resolves the status, body consumed. */
export async function initiatePayment(
  adumoFetch: FetchLike,
  baseUrl: string,
  merchantReference: string,
): Promise<number> {
  const res = await adumoFetch(`${baseUrl}/products/payments/v1/card/initiate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ amount: 100, merchantReference }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** What one checkout's card API call answered: its status and the `clientId` the API verified. */
export interface CheckoutAnswer {
  readonly status: number;
  /** The `client_id` of the token the API accepted (the mock echoes it; `undefined` otherwise). */
  readonly clientId: string | undefined;
}

/** POST `initiate` and read which client's token the API accepted (the multi-merchant scene). */
export async function initiateCheckout(
  adumoFetch: FetchLike,
  baseUrl: string,
  merchantReference: string,
): Promise<CheckoutAnswer> {
  const res = await adumoFetch(`${baseUrl}/products/payments/v1/card/initiate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ amount: 100, merchantReference, currencyCode: 'ZAR' }),
  });
  const body = await readJson(res);
  const clientId = typeof body['clientId'] === 'string' ? body['clientId'] : undefined;
  return { status: res.status, clientId };
}

async function readJson(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
