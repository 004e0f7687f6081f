import type { Driver } from '../drivers/types';
import type { ScenarioResult } from '../runner';
import type { Row } from './judge';
import type { RunMeta } from './machine';

function formatNumber(value: number | undefined, decimals: number): string {
  if (value === undefined) return 'error';
  if (Number.isNaN(value)) return 'n/a'; // not measured for this driver (e.g. no shared cache)
  if (!Number.isFinite(value)) return '∞';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

function formatComparison(row: Row, value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  if (row.metric.compare === 'difference') {
    return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(row.metric.decimals)} ${row.metric.unit === '%' ? 'pp' : row.metric.unit}`;
  }
  if (!Number.isFinite(value)) return '∞';
  return `${value >= 100 ? value.toFixed(0) : value.toPrecision(3)}×`;
}

function formatMet(row: Row, judged: boolean): string {
  if (row.metric.target === undefined) return '';
  if (!judged) return `${row.metric.target.text} (not judged)`;
  if (row.met === undefined) return `${row.metric.target.text}: n/a`;
  return `${row.metric.target.text}: ${row.met ? '✅ met' : '❌ not met'}`;
}

/** The results table, one row per metric, one column per driver. */
export function resultsTable(
  rows: readonly Row[],
  drivers: readonly Driver[],
  judged: boolean,
): string {
  const header = [
    'Scenario',
    'Metric',
    ...drivers.map((d) => (d.kind === 'ours' ? `**${d.name}**` : d.name)),
    'ours ÷ ideal',
    'ours ÷ best other',
    'Target (ours)',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  let previous = '';
  for (const row of rows) {
    const arrow = row.metric.better === 'lower' ? '↓' : '↑';
    const scenario = row.scenarioTitle === previous ? '' : row.scenarioTitle;
    previous = row.scenarioTitle;
    const best = row.bestOther === undefined ? '' : ` (${row.bestOther})`;
    lines.push(
      `| ${[
        scenario,
        `${row.metric.label}, ${row.metric.unit} ${arrow}`,
        ...drivers.map((d) => formatNumber(row.values[d.name], row.metric.decimals)),
        formatComparison(row, row.vsIdeal),
        `${formatComparison(row, row.vsBestOther)}${best}`,
        formatMet(row, judged),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** The whole RESULTS.md. */
export function resultsMarkdown(
  meta: RunMeta,
  rows: readonly Row[],
  results: readonly ScenarioResult[],
  drivers: readonly Driver[],
): string {
  const judged = meta.mode === 'full';
  const skipped = results.filter((r) => r.skipped !== undefined);
  const notes = results.filter((r) => r.note !== undefined);
  const errors = results.flatMap((r) =>
    Object.entries(r.cells).flatMap(([driver, cell]) =>
      'error' in cell ? [`- ${r.scenario.title} · ${driver}: ${cell.error}`] : [],
    ),
  );
  const met = rows.filter((r) => r.met === true).length;
  const judgedRows = rows.filter((r) => r.met !== undefined).length;
  return [
    '# Benchmark results',
    '',
    `- Date: ${meta.date}`,
    `- Node: ${meta.node} on ${meta.platform}`,
    `- Machine: ${meta.cpuModel}, ${meta.cores} cores, ${meta.memoryGiB} GiB memory`,
    `- Load average (1 min) at start / end: ${meta.loadAverage.start.toFixed(2)} / ${meta.loadAverage.end.toFixed(2)}`,
    `- Run: ${meta.mode}, ${meta.durationSeconds} s. Targets met: ${met} of ${judgedRows}.`,
    '',
    'How to read this: see README.md. ↓ lower is better, ↑ higher is better. Ratios are ours ÷ the',
    'other column, so on ↓ rows below 1× means ours is better and on ↑ rows above 1× does (the',
    'overhead row, already relative, shows the difference in percentage points instead). This',
    'machine may be shared and noisy: the ratios, measured back to back in one process run, are more',
    'trustworthy than the absolute figures.',
    '',
    resultsTable(rows, drivers, judged),
    '',
    ...(skipped.length > 0
      ? ['Skipped:', '', ...skipped.map((r) => `- ${r.scenario.title}: ${r.skipped}`), '']
      : []),
    ...(notes.length > 0
      ? ['Notes:', '', ...notes.map((r) => `- ${r.scenario.title}: ${r.note}`), '']
      : []),
    ...(errors.length > 0 ? ['Errors:', '', ...errors, ''] : []),
    'Drivers:',
    '',
    ...drivers.map((d) => `- **${d.name}** (${d.kind}): ${d.description}`),
    '',
    'Scenarios:',
    '',
    ...results.map((r) => `- **${r.scenario.title}**: ${r.scenario.description}`),
    '',
  ].join('\n');
}
