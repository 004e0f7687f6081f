import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('../fleet/child.mjs', import.meta.url));
/** The multi-merchant child: a TokenPool with its own RedisTokenStore. */
export const POOL_CHILD = fileURLToPath(new URL('../fleet/pool-child.mjs', import.meta.url));

/** What a child reports for a burst or a load run. */
export interface ChildResult {
  readonly ok: number;
  readonly failed: number;
  readonly errors: readonly string[];
  /** Distinct tokens it was handed: [jti, [issuedAt, expiresAt]]. */
  readonly tokens: readonly (readonly [string, readonly [number, number]])[];
  /** `storeError` events its TokenManager emitted so far. */
  readonly storeErrors: number;
}

/** Settings every child gets through its environment. */
export interface FleetConfig {
  readonly baseUrl: string;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly lockTtlMs: number;
  readonly commandTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly refreshWindow: { readonly ratio: number; readonly maxMs: number };
  readonly mustRefreshWindow: { readonly ratio: number; readonly maxMs: number };
}

/** A client the children request tokens for. */
export interface FleetClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** One Node child process running a TokenManager with a RedisTokenStore. */
export class FleetChild {
  #next = 0;
  readonly #pending = new Map<
    number,
    { resolve: (r: unknown) => void; reject: (e: Error) => void }
  >();
  readonly exited: Promise<void>;

  constructor(
    readonly process: ChildProcess,
    onLocked: (child: FleetChild, clientId: string) => void,
  ) {
    process.on(
      'message',
      (message: {
        type: string;
        id?: number;
        clientId?: string;
        result?: unknown;
        error?: string;
      }) => {
        if (message.type === 'locked') onLocked(this, message.clientId ?? '');
        if (message.type !== 'result' || message.id === undefined) return;
        const waiter = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.result) waiter?.resolve(message.result);
        else waiter?.reject(new Error(`child failed: ${message.error}`));
      },
    );
    this.exited = new Promise((resolve) => process.once('exit', () => resolve()));
    void this.exited.then(() => {
      for (const waiter of this.#pending.values()) waiter.reject(new Error('child exited'));
      this.#pending.clear();
    });
  }

  /** Send a command (e.g. `burst`, `load`); rejects if no answer within `timeoutMs` or the child dies. */
  run<R = ChildResult>(command: Record<string, unknown>, timeoutMs: number): Promise<R> {
    const id = this.#next++;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`child ${this.process.pid} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (r) => (clearTimeout(timer), resolve(r as R)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.process.send({ ...command, id });
    });
  }

  /** SIGKILL: no cleanup, the lock it holds stays until its TTL. */
  async kill(): Promise<void> {
    this.process.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.disconnect();
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 3_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * Fork `size` children of `script` (default: the TokenManager child) and resolve once each has
 * connected to Redis (bounded by `timeoutMs`).
 */
export async function startFleet(
  size: number,
  config: FleetConfig | Readonly<Record<string, unknown>>,
  onLocked: (child: FleetChild, clientId: string) => void,
  timeoutMs = 20_000,
  script = CHILD,
): Promise<FleetChild[]> {
  const children = Array.from({ length: size }, () => {
    const proc = fork(script, [], {
      env: { ...process.env, FLEET_CHILD_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new FleetChild(proc, onLocked);
  });
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('fleet child did not start')), timeoutMs);
          child.process.on('message', (m: { type: string }) => {
            if (m.type !== 'ready') return;
            clearTimeout(timer);
            resolve();
          });
          void child.exited.then(
            () => (clearTimeout(timer), reject(new Error('fleet child exited at start'))),
          );
        }),
    ),
  );
  return children;
}
