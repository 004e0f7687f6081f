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

/** Fork `dist/<entry>.mjs` and resolve once it is running. */
export async function startChild(entry: Parameters<typeof distEntry>[0]): Promise<Child> {
  const child = fork(distEntry(entry), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
