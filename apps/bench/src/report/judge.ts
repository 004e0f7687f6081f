import type { Driver } from '../drivers/types';
import type { ScenarioResult } from '../runner';
import type { MetricSpec } from '../scenarios/types';

/** One table row: a metric of a scenario, every driver's value, and how ours compares. */
export interface Row {
  readonly scenarioTitle: string;
  readonly metric: MetricSpec;
  /** Value per driver; `undefined` when that driver errored. */
  readonly values: Readonly<Record<string, number | undefined>>;
  /** ours ÷ ideal baseline (ours − ideal for `compare: 'difference'` rows). */
  readonly vsIdeal: number | undefined;
  /** ours ÷ (or −) the best of the other libraries on this row, and which one that was. */
  readonly vsBestOther: number | undefined;
  readonly bestOther: string | undefined;
  /** `true`/`false` when judged; `undefined` when there is no target or it cannot be judged. */
  readonly met: boolean | undefined;
}

function compare(
  metric: MetricSpec,
  a: number | undefined,
  b: number | undefined,
): number | undefined {
  if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b)) return undefined;
  if (metric.compare === 'difference') return a - b;
  if (a === 0 && b === 0) return 1;
  return a / b;
}

function bestOf(
  metric: MetricSpec,
  values: Readonly<Record<string, number | undefined>>,
  names: readonly string[],
): string | undefined {
  let best: string | undefined;
  for (const name of names) {
    const value = values[name];
    if (value === undefined || Number.isNaN(value)) continue;
    const current = best === undefined ? undefined : values[best];
    if (current === undefined || (metric.better === 'lower' ? value < current : value > current)) {
      best = name;
    }
  }
  return best;
}

/** Turn scenario results into table rows. `judge: false` (smoke) leaves every `met` undefined. */
export function rowsFor(
  results: readonly ScenarioResult[],
  drivers: readonly Driver[],
  judge: boolean,
): Row[] {
  const ours = drivers.find((d) => d.kind === 'ours')?.name;
  const others = drivers.filter((d) => d.kind === 'other').map((d) => d.name);
  const rows: Row[] = [];
  for (const result of results) {
    if (result.skipped !== undefined) continue;
    for (const metric of result.scenario.metrics) {
      const values: Record<string, number | undefined> = {};
      for (const driver of drivers) {
        const cell = result.cells[driver.name];
        values[driver.name] =
          cell !== undefined && 'values' in cell ? cell.values[metric.key] : undefined;
      }
      const oursValue = ours === undefined ? undefined : values[ours];
      const bestOther = bestOf(metric, values, others);
      rows.push({
        scenarioTitle: result.scenario.title,
        metric,
        values,
        vsIdeal: compare(metric, oursValue, values['ideal']),
        vsBestOther: compare(
          metric,
          oursValue,
          bestOther === undefined ? undefined : values[bestOther],
        ),
        bestOther,
        met:
          judge && metric.target !== undefined && oursValue !== undefined
            ? metric.target.met(oursValue, values)
            : undefined,
      });
    }
  }
  return rows;
}
