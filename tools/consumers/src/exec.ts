import { spawn } from 'node:child_process';

/** What a finished command left behind. */
export interface CommandResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** stdout and stderr interleaved, as a terminal would show them. */
  readonly output: string;
}

/** Options of {@link run} and {@link start}. */
export interface CommandOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>> | undefined;
  readonly timeoutMs: number;
}

const MAX_OUTPUT = 200_000;

/** A running command: its output so far, a way to end it (the whole process group) and its end. */
export interface RunningCommand {
  output(): string;
  readonly done: Promise<CommandResult>;
  /** SIGTERM the process group, SIGKILL it 3 s later if it is still there; resolves at its end. */
  stop(): Promise<CommandResult>;
}

/**
 * Start `command` in its own process group (so a timeout or `stop()` also ends what it spawned:
 * npm's scripts, tsc workers, servers) with stdin ignored. Ends it after `timeoutMs` at the latest.
 */
export function start(
  command: string,
  args: readonly string[],
  options: CommandOptions,
): RunningCommand {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let timedOut = false;
  const append = (chunk: Buffer) => {
    if (output.length < MAX_OUTPUT) output += chunk.toString();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const done = new Promise<CommandResult>((resolve) => {
    child.on('error', (error) => {
      output += `\n${error.message}\n`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      kill('SIGKILL'); // anything the command left behind in its group
      resolve({ code, signal, timedOut, output });
    });
  });
  let killTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    kill('SIGTERM');
    killTimer ??= setTimeout(() => kill('SIGKILL'), 3_000);
    return done;
  };
  const timer = setTimeout(() => {
    timedOut = true;
    void stop();
  }, options.timeoutMs);
  return { output: () => output, done, stop };
}

/** Run `command` to its end (at most `timeoutMs`). */
export function run(
  command: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<CommandResult> {
  return start(command, args, options).done;
}

/** Whether a result is a success: exit code 0 within the time limit. */
export function succeeded(result: CommandResult): boolean {
  return result.code === 0 && !result.timedOut;
}
