import type { ChildProcess } from 'node:child_process';

/** A request from the bench to a child process. */
export interface IpcRequest {
  readonly id: number;
  readonly op: string;
  readonly args: readonly unknown[];
}

/** The child's answer to an {@link IpcRequest}. */
export interface IpcReply {
  readonly id: number;
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: string;
}

/** Call `op(...args)` in `child` and resolve its result (request/reply over the IPC channel). */
export function ipcCaller(
  child: ChildProcess,
): (op: string, ...args: unknown[]) => Promise<unknown> {
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  child.on('message', (message: IpcReply) => {
    const waiter = pending.get(message.id);
    if (waiter === undefined) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new Error(message.error ?? 'child process error'));
  });
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`child exited (${code})`));
    pending.clear();
  });
  return (op, ...args) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, op, args } satisfies IpcRequest);
    });
}

/** In a child process: answer {@link IpcRequest}s with `handlers[op](...args)`. */
export function serveIpc(handlers: Record<string, (...args: never[]) => unknown>): void {
  process.on('message', (message: IpcRequest) => {
    const handler = handlers[message.op];
    const reply = (r: Omit<IpcReply, 'id'>): void => void process.send?.({ id: message.id, ...r });
    if (handler === undefined) {
      reply({ ok: false, error: `unknown op ${message.op}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(...(message.args as never[])))
      .then(
        (result) => reply({ ok: true, result }),
        (error: unknown) => reply({ ok: false, error: String(error) }),
      );
  });
}
