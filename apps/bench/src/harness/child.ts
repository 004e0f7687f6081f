import { fork, type ChildProcess } from 'node:child_process';
import { distEntry } from './dist-entry';
import { ipcCaller } from './ipc';

/** A forked helper process of the bench, called over IPC. */
export interface Child {
  readonly process: ChildProcess;
  readonly call: (op: string, ...args: unknown[]) => Promise<unknown>;
  /** Disconnect (the child exits on disconnect) and wait for the exit. */
  stop(): Promise<void>;
}

/**
 * Fork `dist/<entry>.mjs` and resolve once it is running. `exposeGc`: start it with
 * `--expose-gc` (whatever flags this process has), for a child that measures its own heap.
 */
export async function startChild(
  entry: Parameters<typeof distEntry>[0],
  { exposeGc = false }: { readonly exposeGc?: boolean } = {},
): Promise<Child> {
  const execArgv =
    exposeGc && !process.execArgv.includes('--expose-gc')
      ? [...process.execArgv, '--expose-gc']
      : process.execArgv;
  const child = fork(distEntry(entry), [], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return {
    process: child,
    call: ipcCaller(child),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        if (child.connected) child.disconnect();
        else child.kill('SIGTERM');
      }),
  };
}
