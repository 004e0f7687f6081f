import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { sleep } from './stats';

/** The bench's own throw-away redis-server. */
export interface RedisServer {
  readonly url: string;
  /** Remove every key (between drivers). */
  flush(): Promise<void>;
  /** Freeze the server (SIGSTOP): connections stay open, nothing answers (stall scenario). */
  pause(): void;
  /** Undo {@link RedisServer.pause} (SIGCONT). */
  resume(): void;
  stop(): Promise<void>;
}

/** Whether a `redis-server` binary is on the PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Start redis-server on a free loopback port without persistence; resolves once it answers PING. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {}); // refused while redis-server starts: retried below
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        if (client.status !== 'ready') await client.connect();
        await client.ping();
        break;
      } catch (error) {
        client.disconnect();
        if (attempt >= 50) throw error;
        await sleep(100);
      }
    }
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    url,
    flush: async () => void (await client.flushall()),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    stop: async () => {
      child.kill('SIGCONT'); // a stopped server would not see the SIGTERM
      client.disconnect();
      await stopChild(child);
    },
  };
}
