import { fstatSync } from 'node:fs';

/** How often the CLI checks whether the process that started it is still there. */
const PARENT_CHECK_MS = 500;

/**
 * Call `stop` once when whoever started the CLI is gone: on SIGINT, SIGTERM or SIGHUP; when stdin
 * is a pipe or socket and its other end closes; or when the parent process ends (this process is
 * re-parented). The last one covers `npx adumo-mock`: npm forwards SIGTERM to its `sh -c` child
 * only, which dies without passing it on. The check timer is `unref`'d.
 */
export function stopWhenStarterEnds(stop: () => void): void {
  let stopped = false;
  const once = (): void => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    stop();
  };
  process.once('SIGINT', once);
  process.once('SIGTERM', once);
  process.once('SIGHUP', once);

  if (stdinIsPipe()) {
    process.stdin.on('end', once).on('close', once).on('error', once);
    process.stdin.resume(); // read (and drop) input so that the end of the pipe is seen
  }

  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) once();
  }, PARENT_CHECK_MS);
  timer.unref();
}

/** Whether fd 0 is a pipe or socket (not a terminal, a file or /dev/null, which end at once). */
function stdinIsPipe(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}
