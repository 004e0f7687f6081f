/** The checks `adumo-oauth doctor` runs, in order. */
export type DoctorStepId =
  | 'config'
  | 'dns'
  | 'tls'
  | 'token'
  | 'token_type'
  | 'expires_in'
  | 'scope'
  | 'authorities'
  | 'clock'
  | 'call';

/** How one check ended. */
export type DoctorStepStatus = 'ok' | 'failed' | 'skipped';

/**
 * One check of the report. Every text is shown through core's `outsideText`: redacted (no secret,
 * no whole token), control, bidi and format characters escaped (`\u001b`), at most 2,048 characters.
 */
export interface DoctorStep {
  /** Stable id, e.g. `token`. */
  readonly id: DoctorStepId;
  /** Human name, e.g. `token request`. */
  readonly name: string;
  /** `ok`, `failed`, or `skipped` (an earlier check failed, or the check does not apply). */
  readonly status: DoctorStepStatus;
  /** One line: what was found. */
  readonly detail: string;
  /** One line: what to do about it (failed checks only). */
  readonly fix?: string | undefined;
  /** Time the check took, ms (0 for checks that only look at data already fetched). */
  readonly durationMs: number;
  /**
   * The exit code of the doctor when this is the first failed check: the check's own (see
   * {@link DOCTOR_STEPS}), or 20 when the TLS or token check found the host unreachable (and 11 or
   * 12 when the token request itself failed to resolve the host or to trust its certificate).
   */
  readonly exitCode: number;
}

/** What `runDoctor()` returns and `adumo-oauth doctor --json` prints. */
export interface DoctorReport {
  /** Whether no check failed. */
  readonly ok: boolean;
  /** 0, or the code of the first failed check (see {@link DOCTOR_EXIT_CODES}). */
  readonly exitCode: number;
  /** The id of the first failed check, if any. */
  readonly failedStep: DoctorStepId | undefined;
  /** Where the doctor looked: URLs (redacted) and the client id. Never the secret. */
  readonly target: {
    /** The API base URL (redacted), when the configuration gave a valid one. */
    readonly baseUrl: string | undefined;
    /** The token endpoint URL (redacted), when the configuration gave a valid one. */
    readonly tokenUrl: string | undefined;
    /** The OAuth client id, when one was given. */
    readonly clientId: string | undefined;
  };
  /** Every check, in the order they ran (see {@link DOCTOR_STEPS}). */
  readonly steps: readonly DoctorStep[];
  /** Whole run, ms. */
  readonly durationMs: number;
}

/** The names and exit codes of every check, in the order they run. */
export const DOCTOR_STEPS: readonly {
  /** Stable id, as in {@link DoctorStep.id}. */
  readonly id: DoctorStepId;
  /** Human name, as in {@link DoctorStep.name}. */
  readonly name: string;
  /** The exit code of the doctor when this check is the first to fail. */
  readonly exitCode: number;
}[] = Object.freeze([
  { id: 'config', name: 'configuration', exitCode: 10 },
  { id: 'dns', name: 'host resolves', exitCode: 11 },
  { id: 'tls', name: 'TLS handshake', exitCode: 12 },
  { id: 'token', name: 'token request', exitCode: 13 },
  { id: 'token_type', name: 'token_type', exitCode: 14 },
  { id: 'expires_in', name: 'expires_in vs JWT exp', exitCode: 15 },
  { id: 'scope', name: 'scope', exitCode: 16 },
  { id: 'authorities', name: 'authorities', exitCode: 17 },
  { id: 'clock', name: 'clock skew', exitCode: 18 },
  { id: 'call', name: 'API call', exitCode: 19 },
]);

/**
 * Exit codes of the `adumo-oauth` bin: 0 success, 1 unexpected error, 2 usage error, 3 `decode`
 * input that is not a JWT, 10–19 the first failed doctor check, and 20 (`unreachable`) when the
 * token endpoint (or, for the TLS check, the host) could not be reached: connection refused, reset
 * or timed out. `token` uses 10, 11 (the host does not resolve), 12 (no trusted TLS), 13 (the
 * endpoint answered but gave no usable token) and 20 too.
 */
export const DOCTOR_EXIT_CODES: Readonly<
  Record<'ok' | 'internal' | 'usage' | 'notJwt' | 'unreachable' | DoctorStepId, number>
> = Object.freeze({
  ok: 0,
  internal: 1,
  usage: 2,
  notJwt: 3,
  unreachable: 20,
  ...Object.fromEntries(DOCTOR_STEPS.map((s) => [s.id, s.exitCode])),
} as Record<'ok' | 'internal' | 'usage' | 'notJwt' | 'unreachable' | DoctorStepId, number>);

/** The authorities card payments need (initiate, authorise, settle, refund, reverse). */
export const CARD_PAYMENT_AUTHORITIES: readonly string[] = Object.freeze([
  'TRANSACTION_CREATE',
  'AUTHORISE_CARD_TRANSACTION',
  'SETTLE_TRANSACTION',
  'REFUND_TRANSACTION',
  'REVERSE_TRANSACTION',
]);
