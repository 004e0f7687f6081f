import { isAdumoOAuthError } from './errors';

/** How an HTTP server should answer a request that failed for want of a token. */
export interface TokenProblem {
  /** HTTP status: 502 when the gateway refused or answered garbage, 503 when unreachable, … */
  readonly status: number;
  /** The core's error code (`token_endpoint`, `network`, …), or `unknown`. */
  readonly code: string;
  /** A fixed sentence for the response body: never the endpoint's answer, a secret or a token. */
  readonly title: string;
}

const PROBLEMS: Readonly<Record<string, readonly [number, string]>> = {
  token_endpoint: [502, 'The payment gateway refused to issue an access token'],
  invalid_response: [
    502,
    'The payment gateway answered the token request with an invalid response',
  ],
  network: [503, 'The payment gateway token endpoint is unreachable'],
  timeout: [503, 'The payment gateway token endpoint timed out'],
  store: [503, 'The shared token store is unavailable'],
  closed: [503, 'The Adumo OAuth client is shutting down'],
  aborted: [499, 'The client closed the request before a token was obtained'],
  config: [500, 'The Adumo OAuth client is misconfigured'],
  origin_not_allowed: [500, 'The Adumo token may not be sent to that origin'],
  invalid_merchant: [400, 'The merchant id is missing or invalid'],
  unknown_merchant: [404, 'No payment gateway credentials are configured for this merchant'],
  credentials_unavailable: [503, "The merchant's payment gateway credentials could not be loaded"],
};

/**
 * The one error → HTTP status map, shared by the Express error handler and the NestJS exception
 * filter so both frameworks answer the same status for the same error. Give an error or an error
 * `code`; anything that is not an `AdumoOAuthError` (or a known code) is a 500 `unknown`.
 */
export function tokenProblem(error: unknown): TokenProblem {
  const given: unknown =
    typeof error === 'string' ? error : isAdumoOAuthError(error) ? error.code : 'unknown';
  // Only a known code is repeated (an answer's `code` comes from a fixed set, never from outside).
  const code = typeof given === 'string' && Object.hasOwn(PROBLEMS, given) ? given : 'unknown';
  const [status, title] = PROBLEMS[code] ?? [500, 'No access token could be obtained'];
  return { status, code, title };
}
