import type { ScenarioReport } from '../scenarios/types';
import type { Target } from '../target';

/** The whole run, as `--json` prints it. */
export interface DemoReport {
  readonly ok: boolean;
  readonly target: {
    readonly kind: Target['kind'];
    readonly baseUrl: string;
    readonly clientId: string;
  };
  readonly scenarios: readonly ScenarioReport[];
  readonly summary: {
    readonly passed: number;
    readonly failed: number;
    readonly skipped: number;
    readonly durationMs: number;
    readonly line: string;
  };
}

/** Assemble the report; `ok` when no scenario failed (skipped scenes do not count against it). */
export function buildReport(
  target: Target,
  scenarios: readonly ScenarioReport[],
  durationMs: number,
): DemoReport {
  const count = (status: ScenarioReport['status']): number =>
    scenarios.filter((s) => s.status === status).length;
  const passed = count('ok');
  const failed = count('failed');
  const skipped = count('skipped');
  const seconds = (durationMs / 1000).toFixed(1);
  const line =
    failed === 0
      ? `OK: ${passed}/${scenarios.length} scenarios behaved${skipped > 0 ? ` (${skipped} skipped: mock only)` : ''} in ${seconds} s`
      : `FAILED: ${failed} of ${scenarios.length} scenarios did not behave (${scenarios
          .filter((s) => s.status === 'failed')
          .map((s) => s.id)
          .join(', ')}) in ${seconds} s`;
  return {
    ok: failed === 0,
    target: { kind: target.kind, baseUrl: target.baseUrl, clientId: target.clientId },
    scenarios,
    summary: { passed, failed, skipped, durationMs, line },
  };
}
