import 'reflect-metadata';
import { redactText } from '@adumo-oauth/core/adapter';
import { parseArgs, USAGE, type DemoArgs } from './cli-args';
import { buildReport } from './report/summary';
import { footer, header, scenarioText } from './report/text';
import { describe, runScenarios } from './runner';
import { SCENARIOS } from './scenarios';
import { resolveTarget, type Target } from './target';

/** Exit codes: every scenario behaved / one did not / bad configuration or options. */
const EXIT = { ok: 0, failed: 1, config: 2 } as const;

/** Run the demo; resolves the exit code. Never prints a secret or a whole token. */
async function main(argv: readonly string[]): Promise<number> {
  let args: DemoArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`demo: ${describe(error)}\n\n${USAGE}\n`);
    return EXIT.config;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  let target: Target;
  try {
    target = await resolveTarget();
  } catch (error) {
    process.stderr.write(`demo: configuration error: ${describe(error)}\n`);
    return EXIT.config;
  }
  const started = performance.now();
  // Human output goes to stdout, unless --json: then progress goes to stderr and stdout is JSON only.
  const say = (text: string): void => {
    (args.json ? process.stderr : process.stdout).write(`${text}\n`);
  };
  say(header(target));
  try {
    const reports = await runScenarios(SCENARIOS, target, (r) =>
      say(
        args.json
          ? `${r.status.padEnd(7)} ${r.id}`
          : `${scenarioText(
              r,
              SCENARIOS.findIndex((s) => s.id === r.id),
            )}\n`,
      ),
    );
    const report = buildReport(target, reports, Math.round(performance.now() - started));
    if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else say(footer(report));
    if (!report.ok) process.stderr.write(`demo: ${report.summary.line}\n`);
    return report.ok ? EXIT.ok : EXIT.failed;
  } finally {
    await target.close();
  }
}

process.on('unhandledRejection', (reason) => {
  process.stderr.write(`demo: unhandled rejection: ${redactText(describe(reason))}\n`);
  process.exitCode = EXIT.failed;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Everything is closed: the process ends by itself. If something still holds it open, say so.
    setTimeout(() => {
      process.stderr.write('demo: something kept the process alive after the run; exiting\n');
      process.exit(code === EXIT.ok ? EXIT.failed : code);
    }, 5_000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`demo: ${describe(error)}\n`);
    process.exitCode = EXIT.failed;
  },
);
