import { DEFAULT_CLIENT } from '@adumo-oauth/mock-server';
import { startChild } from './child';
import type { MockCounts, MockFactory } from './mock';

/** A child process that hosts mock servers, and a {@link MockFactory} that starts them there. */
export interface MockProcess {
  readonly startMock: MockFactory;
  stop(): Promise<void>;
}

/** Fork `dist/mock-process.mjs`, which runs the mock servers out of the clients' event loop. */
export async function startMockProcess(): Promise<MockProcess> {
  const child = await startChild('mock-process');
  const call = child.call;
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
  return { startMock, stop: () => child.stop() };
}
