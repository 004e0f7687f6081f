import type { Driver } from './drivers/types';
import { redact } from './harness/redact';
import type { MetricValues, Scenario, ScenarioContext } from './scenarios/types';

/** One driver's outcome in one scenario. */
export type Cell = { readonly values: MetricValues } | { readonly error: string };

/** One scenario's outcome for every driver. */
export interface ScenarioResult {
  readonly scenario: Scenario;
  /** Set when the whole scenario was skipped. */
  readonly skipped?: string | undefined;
  /** The scenario's note for this run (see `Scenario.note`). */
  readonly note?: string | undefined;
  readonly cells: Readonly<Record<string, Cell>>;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Run every scenario for every driver, one at a time (nothing else competes for the CPU). */
export async function runAll(
  scenarios: readonly Scenario[],
  drivers: readonly Driver[],
  context: ScenarioContext,
  log: (line: string) => void,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const skipped = scenario.skipReason?.(context);
    if (skipped !== undefined) {
      log(`${scenario.title}: skipped (${skipped})`);
      results.push({ scenario, skipped, cells: {} });
      continue;
    }
    const cells: Record<string, Cell> = {};
    for (const driver of drivers) {
      const startedAt = Date.now();
      try {
        const values = await withTimeout(
          scenario.run(driver, context),
          scenario.timeoutMs?.(context) ?? context.sizes.perRunTimeoutMs,
        );
        cells[driver.name] = { values };
        log(
          `${scenario.title} · ${driver.name}: ${summarise(scenario, values)} (${Date.now() - startedAt} ms)`,
        );
      } catch (error) {
        const message = redact(error instanceof Error ? error.message : String(error));
        cells[driver.name] = { error: message };
        log(`${scenario.title} · ${driver.name}: ERROR ${message}`);
      }
    }
    const note = scenario.note?.(context);
    if (note !== undefined) log(`${scenario.title}: note: ${note}`);
    results.push({ scenario, cells, ...(note === undefined ? {} : { note }) });
  }
  return results;
}

function summarise(scenario: Scenario, values: MetricValues): string {
  return scenario.metrics
    .map((m) => `${m.key}=${(values[m.key] ?? Number.NaN).toFixed(m.decimals)}`)
    .join(' ');
}
