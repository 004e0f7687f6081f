import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A Redis the tests can use; `stop`/`start` exist only for a server this helper spawned. */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** Whether this helper owns the process (so it can be stopped and restarted). */
  readonly owned: boolean;
  /** Kill the server (SIGKILL: no shutdown courtesy), resolve once it has exited. */
  stop(): Promise<void>;
  /** Start it again on the same port; resolve once it answers PING. */
  start(): Promise<void>;
  /** Freeze the process (SIGSTOP): connections stay open, nothing answers. */
  pause(): void;
  /** Thaw it (SIGCONT). */
  resume(): void;
  /** Stop for good. */
  close(): Promise<void>;
}

/** The outcome of {@link provideRedis}: a server, or why there is none. */
export type RedisProvision =
  | { readonly redis: TestRedis; readonly reason?: undefined }
  | { readonly redis?: undefined; readonly reason: string };

const BINARY = process.env.REDIS_SERVER_BIN ?? 'redis-server';

/**
 * Start a private `redis-server` on a free 127.0.0.1 port (no persistence); when the binary is
 * missing, use `REDIS_URL` (then stop/start are unavailable); else explain why there is none.
 */
export async function provideRedis(options: { ownServer?: boolean } = {}): Promise<RedisProvision> {
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8', timeout: 5000 });
  if (probe.status === 0) {
    try {
      return { redis: await spawnRedis() };
    } catch (error) {
      return { reason: `could not start ${BINARY}: ${(error as Error).message}` };
    }
  }
  const url = process.env.REDIS_URL;
  if (!url) return { reason: `no ${BINARY} binary on PATH and REDIS_URL is not set` };
  if (options.ownServer) {
    return {
      reason: `these tests stop, restart or reconfigure Redis, which needs a private ${BINARY} (REDIS_URL given)`,
    };
  }
  return { redis: externalRedis(url) };
}

function externalRedis(url: string): TestRedis {
  const unsupported = (): Promise<void> =>
    Promise.reject(new Error('cannot stop or start an external REDIS_URL server'));
  return {
    url,
    port: Number(new URL(url).port || 6379),
    owned: false,
    stop: unsupported,
    start: unsupported,
    pause: () => {
      throw new Error('cannot pause an external REDIS_URL server');
    },
    resume: () => {},
    close: async () => {},
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function spawnRedis(): Promise<TestRedis> {
  let port = 0;
  let child: ChildProcess | undefined;
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    port = await freePort();
    child = await launch(port).catch(() => undefined);
  }
  if (!child) throw new Error('redis-server did not start on a free port in 3 attempts');
  let current: ChildProcess | undefined = child;
  const stop = async (): Promise<void> => {
    const proc = current;
    current = undefined;
    if (proc) await kill(proc);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    owned: true,
    stop,
    start: async () => {
      if (current) return;
      current = await launch(port);
    },
    pause: () => void current?.kill('SIGSTOP'),
    resume: () => void current?.kill('SIGCONT'),
    close: async () => {
      current?.kill('SIGCONT');
      await stop();
    },
  };
}

async function launch(port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn(BINARY, args, { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  for (let i = 0; i < 100 && !exited; i++) {
    if (await ping(port)) return child;
    await sleep(50);
  }
  await kill(child);
  throw new Error(`redis-server on port ${port} did not answer PING within 5 s`);
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Whether a Redis on `port` answers PING within 500 ms. */
export function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
