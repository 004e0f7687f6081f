/**
 * Child-process entry: runs mock Adumo servers for the bench so the server's CPU work is not
 * counted in the client libraries' timings. Driven over IPC by `harness/remote-mock.ts`.
 */
import { setMaxListeners } from 'node:events';
import { serveIpc } from './harness/ipc';
import { startInProcessMock, type MockHandle, type MockOptions } from './harness/mock';

// The herd scenario holds 1,000 delayed token responses at once; the mock's delay adds one abort
// listener per delayed response, which is expected here, not a leak.
setMaxListeners(5_000);

const mocks = new Map<number, MockHandle>();
let nextId = 1;

function get(id: number): MockHandle {
  const mock = mocks.get(id);
  if (mock === undefined) throw new Error(`no mock ${id}`);
  return mock;
}

serveIpc({
  start: async (options: MockOptions) => {
    const mock = await startInProcessMock(options);
    const id = nextId++;
    mocks.set(id, mock);
    return { id, baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl };
  },
  counts: (id: number) => get(id).counts(),
  resetCounts: (id: number) => get(id).resetCounts(),
  tokenLatency: (id: number, ms: number) => get(id).tokenLatency(ms),
  failTokenRequests: (id: number, status: number, durationMs: number) =>
    get(id).failTokenRequests(status, durationMs),
  close: async (id: number) => {
    await get(id).close();
    mocks.delete(id);
  },
});
process.on('disconnect', () => process.exit(0));
