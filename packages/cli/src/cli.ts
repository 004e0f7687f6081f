import { outsideText } from '@adumo-oauth/core/adapter';
import pkg from '../package.json' with { type: 'json' };
import { decodeCommand } from './commands/decode';
import { doctorCommand } from './commands/doctor';
import { UsageError, type CommandIo } from './commands/io';
import { tokenCommand } from './commands/token';
import { secretRedactor } from './text';

const USAGE = `Usage: adumo-oauth <command> [flags]

Commands:
  doctor   check configuration, DNS, TLS, the token request, token_type, expires_in vs the JWT
           exp, scope, card payment authorities, clock skew and (with --call) one API call
  token    get a token and print its redacted summary (--print-token: the raw token, for curl)
  decode   print the header and claims of a JWT read from stdin (or given as an argument)

Connection (doctor, token): ADUMO_BASE_URL (staging, production or a URL), ADUMO_CLIENT_ID and
ADUMO_CLIENT_SECRET, or
  --base-url URL  --client-id ID  --client-secret-stdin  (--client-secret S lands in shell history)
  --timeout MS              per request (default 10000)

doctor flags:
  --json                    print one JSON object instead of text
  --max-skew SECONDS        largest accepted clock difference to the server (default 30)
  --authorities A,B         authorities the token must have (default: the card payment ones)
  --call PATH               one authorised request to the API, e.g. /products/ping
  --method GET|POST, --data JSON   for --call (POST sends --data, default {})
token flags: --json, --print-token

Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 decode input is not a JWT; doctor's first
failed check: 10 configuration, 11 host resolves, 12 TLS, 13 token request (the endpoint answered
but gave no token), 14 token_type, 15 expires_in, 16 scope, 17 authorities, 18 clock skew,
19 API call; 20 token endpoint unreachable (connection refused, reset or timed out).
token: 10, 11, 12, 13 and 20 as above.
`;

const COMMANDS: Record<string, (args: string[], io: CommandIo) => Promise<number>> = {
  doctor: doctorCommand,
  token: tokenCommand,
  decode: decodeCommand,
};

async function main(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout).write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    io.stderr.write(
      `adumo-oauth: unknown command "${outsideText(command, { max: 40 })}"\n\n${USAGE}`,
    );
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    const redact = secretRedactor(io.env['ADUMO_CLIENT_SECRET'], io.env['ADUMO_CLIENT_ID']);
    const message = outsideText(error instanceof Error ? error.message : error, {
      redact,
      max: 2048,
    });
    const usage =
      error instanceof UsageError ||
      (error as { code?: unknown }).code?.toString().startsWith('ERR_PARSE_ARGS');
    io.stderr.write(
      `adumo-oauth ${command}: ${message}\n${usage ? 'See adumo-oauth --help.\n' : ''}`,
    );
    return usage ? 2 : 1;
  }
}

const io: CommandIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
};
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
