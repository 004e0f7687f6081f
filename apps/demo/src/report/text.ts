import type { ScenarioReport } from '../scenarios/types';
import type { TokenSummary } from '../support/token-info';
import type { Target } from '../target';
import type { DemoReport } from './summary';

const MARK = { ok: '✔', failed: '✘', skipped: '–' } as const;

/** The report's first lines: what the demo talks to. */
export function header(target: Target): string {
  return target.kind === 'mock'
    ? `adumo-oauth demo: against the ${target.description}\n` +
        'Set ADUMO_BASE_URL, ADUMO_CLIENT_ID and ADUMO_CLIENT_SECRET to use a real Adumo host.\n'
    : `adumo-oauth demo: against ${target.description}\n` +
        'Lifecycle scenes (fault injection) and the many-merchant scene (its merchants’ credentials)\n' +
        'need the embedded mock and are skipped.\n';
}

/** One scenario as readable text. */
export function scenarioText(report: ScenarioReport, index: number): string {
  const lines = [
    `${MARK[report.status]} ${index + 1}. ${report.title}  [${report.adapter}]  ${report.status} in ${report.durationMs} ms`,
  ];
  if (report.summary !== undefined) lines.push(`     ${report.summary}`);
  if (report.calls !== undefined) {
    const lat = report.latencyMs;
    lines.push(
      `     calls ${report.successes}/${report.calls} ok · token requests ${report.tokenRequests}` +
        (lat === undefined
          ? ''
          : ` · latency p50 ${lat.p50} ms, p95 ${lat.p95} ms, max ${lat.max} ms`),
    );
  }
  if (report.token !== undefined) lines.push(`     ${tokenLine(report.token)}`);
  const metrics = Object.entries(report.metrics ?? {});
  if (metrics.length > 0) lines.push(`     ${metrics.map(([k, v]) => `${k} ${v}`).join(' · ')}`);
  for (const c of report.checks ?? [])
    lines.push(`       ${c.ok ? '✔' : '✘'} ${c.name}: ${c.detail}`);
  if (report.status !== 'ok' && report.reason !== undefined)
    lines.push(`     ${report.status}: ${report.reason}`);
  return lines.join('\n');
}

function tokenLine(token: TokenSummary): string {
  const needed = Object.entries(token.cardAuthorities)
    .map(([name, granted]) => `${name} ${granted ? '✔' : '✘'}`)
    .join(', ');
  return (
    `token ${token.display} · expires ${token.expiresAt} (lifetime ${lifetime(token.lifetimeSeconds)}) · ` +
    `scope ${token.scope.join(' ') || '-'} · ${token.authorities} authorities granted (${needed})`
  );
}

function lifetime(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

/** The closing lines: a hint for fleets, and the summary line. */
export function footer(report: DemoReport): string {
  return [
    '',
    'Several instances? Give every TokenManager the same store to share one token and one refresh:',
    "  store: await RedisTokenStore.fromUrl(process.env.REDIS_URL)  (from '@adumo-oauth/redis')",
    '',
    report.summary.line,
  ].join('\n');
}
