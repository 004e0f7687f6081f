import { parseArgs } from 'node:util';
import { DEFAULT_CLIENT } from './authorities';
import { stopWhenStarterEnds } from './cli-lifetime';
import { startMockAdumo } from './server';

const USAGE = `Usage: adumo-mock [--port N] [--token-lifetime SECONDS] [--merchants N] [--date-offset MS] [--json]

Starts an Adumo-faithful mock token server and card API on 127.0.0.1 and prints its URL and the
test credentials. Stops on Ctrl+C (SIGINT), SIGTERM or SIGHUP, when the process that started it
ends, and when stdin is a pipe whose other end closes.
  --port N                  port to listen on (default 0: a free port)
  --token-lifetime SECONDS  lifetime of issued tokens (default ${DEFAULT_CLIENT.tokenLifetimeSeconds})
  --merchants N             also accept merchant-1 … merchant-N, secret secret-for-<id>
  --date-offset=MS          Date header = clock + MS (negative: server behind), to test skew checks
  --json                    print one JSON line instead of text`;

function parseNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number >= 0`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'token-lifetime': { type: 'string' },
      merchants: { type: 'string' },
      'date-offset': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const lifetime = parseNumber('token-lifetime', values['token-lifetime']);
  const client =
    lifetime === undefined ? DEFAULT_CLIENT : { ...DEFAULT_CLIENT, tokenLifetimeSeconds: lifetime };
  const merchants = parseNumber('merchants', values.merchants);
  const dateOffset = values['date-offset'];
  const dateOffsetMs = dateOffset === undefined ? 0 : Number(dateOffset);
  if (!Number.isInteger(dateOffsetMs)) throw new Error('--date-offset must be a whole number (ms)');
  const mock = await startMockAdumo({
    port: parseNumber('port', values.port),
    clients: [client],
    merchants: merchants === undefined ? undefined : { count: merchants },
    dateOffsetMs,
  });
  const info = {
    baseUrl: mock.baseUrl,
    tokenUrl: mock.tokenUrl,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    ...(merchants === undefined ? {} : { merchants: { count: merchants, prefix: 'merchant-' } }),
  };
  process.stdout.write(
    values.json
      ? `${JSON.stringify(info)}\n`
      : [
          `Adumo mock server listening on ${info.baseUrl}`,
          `  token URL:     ${info.tokenUrl}`,
          `  client id:     ${info.clientId}`,
          `  client secret: ${info.clientSecret}   (test credentials of the mock only)`,
          `  try:           curl -X POST '${info.tokenUrl}?grant_type=client_credentials&client_id=${info.clientId}&client_secret=${info.clientSecret}'`,
          `  stats:         ${info.baseUrl}/__mock/stats`,
          ...(merchants === undefined
            ? []
            : [`  merchants:     merchant-1 … merchant-${merchants} (secret: secret-for-<id>)`]),
          'Press Ctrl+C to stop.',
          '',
        ].join('\n'),
  );
  const stop = (): void => {
    mock.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  stopWhenStarterEnds(stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`adumo-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
