import type { Driver } from '../drivers/types';
import type { ScenarioResult } from '../runner';
import type { Row } from './judge';
import type { RunMeta } from './machine';

/** The machine-readable form of a run (`--json`). */
export function resultsJson(
  meta: RunMeta,
  rows: readonly Row[],
  results: readonly ScenarioResult[],
  drivers: readonly Driver[],
): unknown {
  return {
    meta,
    drivers: drivers.map(({ name, kind, description, caches }) => ({
      name,
      kind,
      description,
      caches,
    })),
    scenarios: results.map((r) => ({
      id: r.scenario.id,
      title: r.scenario.title,
      skipped: r.skipped,
      note: r.note,
      results: r.cells,
      rows: rows
        .filter((row) => row.scenarioTitle === r.scenario.title)
        .map((row) => ({
          metric: row.metric.key,
          label: row.metric.label,
          unit: row.metric.unit,
          better: row.metric.better,
          target: row.metric.target?.text,
          met: row.met,
          oursVsIdeal: row.vsIdeal,
          oursVsBestOther: row.vsBestOther,
          bestOther: row.bestOther,
        })),
    })),
  };
}
