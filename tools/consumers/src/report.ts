import type { Outcome } from './run-scenario';

const MAX_FAILURE_OUTPUT = 6_000;

/** A failed scenario: its name, the step, and that step's output (the end of it when long). */
export function printFailure(outcome: Outcome): void {
  const output = outcome.failure?.output ?? '';
  const shown =
    output.length > MAX_FAILURE_OUTPUT ? `…${output.slice(-MAX_FAILURE_OUTPUT)}` : output;
  console.log(
    `\n──── FAILED: ${outcome.name} — step: ${outcome.failure?.step ?? '?'} ────\n${shown.trimEnd()}\n────\n`,
  );
}

/** The matrix as a table: scenario, versions installed, result, seconds. */
export function printTable(outcomes: readonly Outcome[], totalSeconds: number): void {
  const rows = [
    ['scenario', 'versions installed', 'result', 'seconds'],
    ...outcomes.map((o) => [
      o.name,
      o.versions.join(', ') || '-',
      o.passed ? 'passed' : `FAILED (${o.failure?.step ?? '?'})`,
      o.seconds.toFixed(1),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${line(rows[0]!)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows.slice(1)) console.log(line(row));
  console.log(`\nconsumers: whole matrix ${totalSeconds} s`);
}
