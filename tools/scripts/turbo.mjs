#!/usr/bin/env node
// Runs turbo for the root scripts (`pnpm build`, `pnpm check`, …) with two additions:
// - the Node.js line (major version) is part of every task's hash (ADUMO_NODE_LINE, a global env
//   in turbo.json), so a cache built on Node 22 never hides a failure on Node 26;
// - with --total, turbo's output is passed through and one closing line sums every vitest run:
//   `tests: N passed, N failed, N skipped` (the exit code stays turbo's; 1 when no test ran).
import { spawn } from 'node:child_process';

const args = process.argv.slice(2);
const total = args.includes('--total');
const turboArgs = args.filter((arg) => arg !== '--total');
const env = { ...process.env, ADUMO_NODE_LINE: process.versions.node.split('.')[0] };
const child = spawn('turbo', turboArgs, {
  env,
  stdio: total ? ['inherit', 'pipe', 'pipe'] : 'inherit',
});

const counts = { passed: 0, failed: 0, skipped: 0 };
let runs = 0;
/** Adds one vitest summary line (`Tests  2 failed | 40 passed | 1 skipped (43)`) to the counts. */
function count(line) {
  const plain = line.replace(/\u001b\[[0-9;]*m/g, '');
  const summary =
    /\bTests\s+(\d+ (?:passed|failed|skipped|todo)(?: \| \d+ (?:passed|failed|skipped|todo))*)/.exec(
      plain,
    );
  if (summary === null) return;
  runs += 1;
  for (const part of summary[1].split('|')) {
    const [n, kind] = part.trim().split(' ');
    if (kind === 'passed' || kind === 'failed') counts[kind] += Number(n);
    else counts.skipped += Number(n);
  }
}
if (total) {
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    let rest = '';
    stream.on('data', (chunk) => {
      out.write(chunk);
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      lines.forEach(count);
    });
    stream.on('end', () => count(rest));
  }
}
child.on('error', (error) => {
  console.error(`could not start turbo: ${error.message}`);
  process.exitCode = 1;
});
child.on('close', (code, signal) => {
  if (!total) {
    process.exitCode = code ?? (signal === null ? 1 : 128);
    return;
  }
  const line = `tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
  console.log(`\n${runs} vitest runs`);
  console.log(line);
  const failedOrEmpty = counts.failed > 0 || counts.passed === 0;
  process.exitCode = code !== 0 ? (code ?? 1) : failedOrEmpty ? 1 : 0;
});
