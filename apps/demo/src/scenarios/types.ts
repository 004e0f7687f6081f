import { outsideText } from '@adumo-oauth/core/adapter';
import type { CardFlowResult } from '../support/card-flow';
import type { Latency } from '../support/stats';
import type { TokenSummary } from '../support/token-info';
import type { Target } from '../target';

/** One thing a scenario checks, e.g. "every request succeeded". */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  /** What was measured, e.g. "50/50". */
  readonly detail: string;
}

/** What a scenario measured (the runner adds id, status and timing). */
export interface ScenarioOutcome {
  /** One line: what happened. */
  readonly summary: string;
  /** Calls made by the scenario's user (HTTP requests to the app, or card API calls). */
  readonly calls: number;
  /** Of those, how many succeeded. */
  readonly successes: number;
  /** Token requests sent to the token endpoint (the manager's count, retries included). */
  readonly tokenRequests: number;
  /** The (last) token used, redacted. */
  readonly token: TokenSummary | undefined;
  /** Latency of the calls, ms. */
  readonly latencyMs: Latency | undefined;
  /** Scenario-specific numbers (expired-token rejections, retries, stale tokens served, …). */
  readonly metrics: Readonly<Record<string, number>>;
  /** The scenario behaved when every check is ok. */
  readonly checks: readonly Check[];
}

/** A demo scenario: a small, readable example of one adapter or one lifecycle event. */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** The package it shows. */
  readonly adapter: string;
  /** Needs the embedded mock's faults and clients: skipped against a real host. */
  readonly mockOnly: boolean;
  /** Longest it may take before it is reported as failed (default: the runner's 30 s). */
  readonly timeoutMs?: number;
  /** Why a mock-only scene is skipped against a real host (default: it needs fault injection). */
  readonly skipReason?: string;
  run(target: Target): Promise<ScenarioOutcome>;
}

/** A scenario's result as reported (text and `--json`). */
export interface ScenarioReport extends Partial<ScenarioOutcome> {
  readonly id: string;
  readonly title: string;
  readonly adapter: string;
  readonly status: 'ok' | 'failed' | 'skipped';
  readonly durationMs: number;
  /** Why it failed or was skipped (redacted). */
  readonly reason?: string;
}

/** Build a check. */
export function check(name: string, ok: boolean, detail: string): Check {
  return { name, ok, detail };
}

/** What a card-flow scene reports of its API calls (see {@link cardFlowReport}). */
export interface CardFlowReport {
  /** The first line of the scene's summary: transaction, states and the flow's statuses. */
  readonly summary: string;
  readonly calls: number;
  readonly successes: number;
  readonly checks: Check[];
}

/**
 * A card-flow scene's calls: the flow's statuses and `more` (a second client's, a resend's…), and
 * its checks: the API accepted the token on every call; against the mock (whose card data the
 * flow matches) the payment settled, and `settled` (when given) held too.
 */
export function cardFlowReport(
  target: Target,
  payment: CardFlowResult,
  more: readonly number[] = [],
  settled: { readonly ok: boolean; readonly detail: string } = { ok: true, detail: '' },
): CardFlowReport {
  const statuses = [...payment.statuses, ...more];
  // The server's words (states, transaction id) are shown: through the core's outside-text owner.
  const states = payment.states.map((state) => outsideText(state, { max: 40 })).join(' → ');
  const transaction = payment.transactionId ?? '(none)';
  const checks = [
    check(
      'token accepted by the API',
      statuses.every((s) => s !== 401 && s !== 403),
      `HTTP ${statuses.join(', ')}`,
    ),
  ];
  if (target.kind === 'mock') {
    const done = payment.ok && payment.states.at(-1) === 'SETTLED' && settled.ok;
    checks.push(check('payment settled', done, states + settled.detail));
  }
  return {
    summary: `transaction ${outsideText(transaction, { max: 80 })}: ${states || 'no state'} (HTTP ${payment.statuses.join(', ')})`,
    calls: statuses.length,
    successes: statuses.filter((s) => s >= 200 && s < 300).length,
    checks,
  };
}

/** Another origin the app called got its `expected` requests, none with a token. */
export function adumoOnlyCheck(
  seen: { readonly requests: number; readonly withAuthorization: number },
  expected: number,
): Check {
  return check(
    'the token went to Adumo only',
    seen.requests === expected && seen.withAuthorization === 0,
    `another origin got ${seen.requests} requests, ${seen.withAuthorization} with Authorization`,
  );
}
