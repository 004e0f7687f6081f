import { spawn } from 'node:child_process';

/** The `error_description` of the big refusal: 900 KiB, under the core's 1 MiB body cap. */
export const BIG_DESCRIPTION_BYTES = 900 * 1024;

/** Spring Security's answer to a wrong client secret, as Adumo sends it. */
export const REFUSAL = { error: 'invalid_client', error_description: 'Bad client credentials' };

/**
 * The server, run with `node -e` in a child process of its own so its CPU is not counted in the
 * bench's `process.cpuUsage()`. Every POST is refused with a 401: under `/big/` with a 900 KiB
 * `error_description`, elsewhere with {@link REFUSAL}. `GET /requests` answers the number of
 * POSTs so far. It prints its port, and exits when its stdin closes (the bench stopped or died).
 */
const SCRIPT = `
const http = require('node:http');
const [refusal, bigBytes] = JSON.parse(process.argv[1]);
const phrase = 'Bad client credentials. ';
const big = Buffer.from(JSON.stringify({
  error: refusal.error,
  error_description: phrase.repeat(Math.ceil(bigBytes / phrase.length)).slice(0, bigBytes),
}));
const normal = Buffer.from(JSON.stringify(refusal));
let requests = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/requests') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ requests }));
    return;
  }
  requests++;
  const body = req.url.startsWith('/big/') ? big : normal;
  req.resume();
  req.on('end', () => {
    res.writeHead(401, {
      'content-type': 'application/json;charset=UTF-8',
      'content-length': body.length,
      'cache-control': 'no-store',
      pragma: 'no-cache',
      'www-authenticate': 'Form realm="oauth2/client", error="invalid_client", error_description="Bad client credentials"',
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
`;

/** A running refusing token endpoint in its own process. */
export interface RefusingEndpoint {
  /** `http://127.0.0.1:PORT`. A base URL under it: `${origin}/normal`, `${origin}/big`. */
  readonly origin: string;
  /** POSTs the endpoint received so far. */
  requests(): Promise<number>;
  /** Close its stdin and wait for it to exit (killed after 2 s). */
  stop(): Promise<void>;
}

/** Start the endpoint with `node -e` and resolve once it listens (at most 10 s). */
export async function startRefusingEndpoint(): Promise<RefusingEndpoint> {
  const child = spawn(
    process.execPath,
    ['-e', SCRIPT, JSON.stringify([REFUSAL, BIG_DESCRIPTION_BYTES])],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('did not listen within 10 s')), 10_000);
      const fail = (why: string) => (): void => {
        clearTimeout(timer);
        reject(new Error(`the refusing endpoint ${why}`));
      };
      child.once('error', (error) => fail(`did not start: ${error.message}`)());
      child.once('exit', fail('exited before it listened'));
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const line = out.split('\n')[0];
        if (out.includes('\n') && line !== undefined) {
          clearTimeout(timer);
          resolve(Number(line));
        }
      });
    });
    const origin = `http://127.0.0.1:${port}`;
    return {
      origin,
      requests: async () => {
        const res = await fetch(`${origin}/requests`);
        return ((await res.json()) as { requests: number }).requests;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
