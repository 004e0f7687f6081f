import { isAxiosError, type AxiosResponse } from 'axios';
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

/** One card API answer: its HTTP status and its JSON body (`{}` when it had none). */
export interface CardApiAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * One card API call, whatever the HTTP client: POST `path` (e.g.
 * `/products/payments/v1/card/initiate`) with a JSON body; every HTTP status resolves.
 */
export type CardApi = (path: string, body: unknown) => Promise<CardApiAnswer>;

/** The card API through an authorized fetch, on paths relative to the Adumo base URL. */
export function fetchCardApi(adumoFetch: FetchLike): CardApi {
  return async (path, body) => {
    const res = await adumoFetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await readJson(res) };
  };
}

/**
 * The card API through axios: `post` sends the request (an axios instance's or a Nest
 * `HttpService`'s `post`); axios rejects a non-2xx answer with an `AxiosError`, whose response
 * is read like any other. Anything else (no token could be had, a network error) rejects.
 */
export function axiosCardApi(
  post: (path: string, body: unknown) => Promise<AxiosResponse>,
): CardApi {
  return async (path, body) => {
    try {
      const res = await post(path, body);
      return { status: res.status, body: asObject(res.data) };
    } catch (error) {
      if (!isAxiosError(error) || error.response === undefined) throw error;
      return { status: error.response.status, body: asObject(error.response.data) };
    }
  };
}

/**
 * Pay with the card API: `initiate`, then `authorise` and `settle` the same transaction. The
 * client attaches the token; this code never sees it.
 *
 * @example
 * const result = await payByCard(fetchCardApi(createAuthorizedFetch(tokens)), 'order-1');
 */
export async function payByCard(
  api: CardApi,
  merchantReference: string,
  amount = 1500,
): Promise<CardFlowResult> {
  const statuses: number[] = [];
  const states: string[] = [];
  let transactionId: string | undefined;
  for (const step of CARD_FLOW) {
    const { status, body } = await api(`/products/payments/v1/card/${step}`, {
      amount,
      merchantReference,
      currencyCode: 'ZAR',
      transactionId,
    });
    statuses.push(status);
    if (status < 200 || status > 299)
      return { statuses, transactionId, states, ok: false, authorised: authorised(statuses) };
    transactionId ??= typeof body['transactionId'] === 'string' ? body['transactionId'] : undefined;
    if (typeof body['status'] === 'string') states.push(body['status']);
  }
  return { statuses, transactionId, states, ok: true, authorised: true };
}

/**
 * {@link payByCard} through an authorized fetch.
 *
 * @example
 * const result = await runCardFlow(createAuthorizedFetch(tokens), 'order-1');
 */
export function runCardFlow(
  adumoFetch: FetchLike,
  merchantReference: string,
  amount = 1500,
): Promise<CardFlowResult> {
  return payByCard(fetchCardApi(adumoFetch), merchantReference, amount);
}

function authorised(statuses: readonly number[]): boolean {
  return statuses.every((s) => s !== 401 && s !== 403);
}

/** POST one card API call (used by the load scenes); resolves the status, body consumed. */
export async function initiatePayment(
  adumoFetch: FetchLike,
  merchantReference: string,
): Promise<number> {
  const res = await adumoFetch('/products/payments/v1/card/initiate', {
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
  merchantReference: string,
): Promise<CheckoutAnswer> {
  const res = await adumoFetch('/products/payments/v1/card/initiate', {
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
    return asObject(JSON.parse(text));
  } catch {
    return {};
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
