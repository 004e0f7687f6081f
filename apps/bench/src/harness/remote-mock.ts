import { fork } from 'node:child_process';
import { DEFAULT_CLIENT } from '@adumo-oauth/mock-server';
import { distEntry } from './dist-entry';
import { ipcCaller } from './ipc';
import type { MockCounts, MockFactory } from './mock';

/** A child process that hosts mock servers, and a {@link MockFactory} that starts them there. */
export interface MockProcess {
  readonly startMock: MockFactory;
  stop(): Promise<void>;
}

/** Fork `dist/mock-process.mjs` (built next to `main.mjs`). */
export async function startMockProcess(): Promise<MockProcess> {
  const child = fork(distEntry('mock-process'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const call = ipcCaller(child);
  const startMock: MockFactory = async (options = {}) => {
    const { id, baseUrl, tokenUrl } = (await call('start', options)) as {
      id: number;
      baseUrl: string;
      tokenUrl: string;
    };
    return {
      baseUrl,
      tokenUrl,
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
      counts: async () => (await call('counts', id)) as MockCounts,
      resetCounts: async () => void (await call('resetCounts', id)),
      tokenLatency: async (ms) => void (await call('tokenLatency', id, ms)),
      failTokenRequests: async (status, durationMs) =>
        void (await call('failTokenRequests', id, status, durationMs)),
      close: async () => void (await call('close', id)),
    };
  };
  return {
    startMock,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}
