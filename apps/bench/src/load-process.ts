/** Child-process entry: the autocannon load generator of the middleware scenario, over IPC. */
import { loadHere } from './harness/http-load';
import { serveIpc } from './harness/ipc';

serveIpc({ run: loadHere });
process.on('disconnect', () => process.exit(0));
