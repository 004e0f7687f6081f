import { redactText } from '@adumo-oauth/core/adapter';
import type { Scenario, ScenarioReport } from './scenarios/types';
import type { Target } from './target';

/** Longest a scenario may take before it is reported as failed, unless it sets `timeoutMs`. */
export const SCENARIO_TIMEOUT_MS = 30_000;

/**
 * Run the scenarios one after another (they share the mock's counters) and report each: `ok` when
 * every check passed, `failed` on a failed check or an error, `skipped` for mock-only scenes
 * against a real host.
 */
export async function runScenarios(
  scenarios: readonly Scenario[],
  target: Target,
  onReport: (report: ScenarioReport) => void = () => {},
): Promise<ScenarioReport[]> {
  const reports: ScenarioReport[] = [];
  for (const scenario of scenarios) {
    const report = await runOne(scenario, target);
    reports.push(report);
    onReport(report);
  }
  return reports;
}

async function runOne(scenario: Scenario, target: Target): Promise<ScenarioReport> {
  const head = { id: scenario.id, title: scenario.title, adapter: scenario.adapter };
  if (scenario.mockOnly && target.kind !== 'mock') {
    return {
      ...head,
      status: 'skipped',
      durationMs: 0,
      reason:
        scenario.skipReason ??
        'needs the embedded mock (fault injection); not run against a real host',
    };
  }
  const started = performance.now();
  try {
    const outcome = await withTimeout(
      scenario.run(target),
      scenario.timeoutMs ?? SCENARIO_TIMEOUT_MS,
    );
    const failed = outcome.checks.filter((c) => !c.ok);
    return {
      ...head,
      status: failed.length === 0 ? 'ok' : 'failed',
      durationMs: elapsed(started),
      ...(failed.length === 0
        ? {}
        : { reason: failed.map((c) => `${c.name} (${c.detail})`).join('; ') }),
      ...outcome,
    };
  } catch (error) {
    return {
      ...head,
      status: 'failed',
      durationMs: elapsed(started),
      reason: describe(error, target),
    };
  }
}

/** A one-line, redacted description of an error (the library's errors are already redacted). */
export function describe(error: unknown, target?: Target): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const text = typeof code === 'string' ? `${code}: ${message}` : message;
  const secret = target?.clientSecret;
  const scrubbed =
    secret !== undefined && secret.length > 0 ? text.split(secret).join('[REDACTED]') : text;
  return redactText(scrubbed);
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${ms / 1000} s`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
