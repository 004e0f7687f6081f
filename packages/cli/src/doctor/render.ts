import type { DoctorReport, DoctorStep } from './types';

const MARK = { ok: '✔', failed: '✖', skipped: '–' } as const;
const NAME_WIDTH = 22;

/** One report line of a check (and its fix line when it failed). */
export function stepLines(step: DoctorStep): string[] {
  const head = `${MARK[step.status]} ${step.name.padEnd(NAME_WIDTH)} ${step.status === 'skipped' ? `skipped: ${step.detail}` : step.detail}`;
  return step.fix === undefined ? [head] : [head, `  ${' '.repeat(NAME_WIDTH)} fix: ${step.fix}`];
}

/** The closing line of a text report. */
export function summaryLine(report: DoctorReport): string {
  const count = (status: DoctorStep['status']) =>
    report.steps.filter((s) => s.status === status).length;
  const skipped = count('skipped');
  if (report.ok) {
    return `All ${count('ok')} checks passed${skipped > 0 ? ` (${skipped} skipped)` : ''}.`;
  }
  const first = report.steps.find((s) => s.id === report.failedStep);
  const failed = count('failed');
  return `${failed} check${failed === 1 ? '' : 's'} failed; first: ${first?.name ?? '?'} (exit code ${report.exitCode}).`;
}
