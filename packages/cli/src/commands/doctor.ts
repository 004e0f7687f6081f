import { parseArgs } from 'node:util';
import { safeJson } from '@adumo-oauth/core/adapter';
import { callPathProblem } from '../doctor/call-check';
import { stepLines, summaryLine } from '../doctor/render';
import { runDoctor } from '../doctor/run';
import { NO_SPINNER, ttySpinner } from '../spinner';
import { CONNECTION_FLAGS, connectionInput, numberFlag, UsageError, type CommandIo } from './io';

const SLOW = new Set(['dns', 'tls', 'token', 'call']);

/** `adumo-oauth doctor [flags]`: returns the exit code. */
export async function doctorCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...CONNECTION_FLAGS,
      json: { type: 'boolean', default: false },
      'max-skew': { type: 'string' },
      authorities: { type: 'string' },
      call: { type: 'string' },
      method: { type: 'string' },
      data: { type: 'string' },
    },
    strict: true,
  });
  const connection = await connectionInput(values, io);
  const method = values.method?.toUpperCase();
  if (method !== undefined && method !== 'GET' && method !== 'POST')
    throw new UsageError('--method must be GET or POST');
  if (values.call !== undefined) {
    const problem = callPathProblem(values.call, connection.baseUrl ?? io.env['ADUMO_BASE_URL']);
    if (problem !== undefined) throw new UsageError(problem);
  }
  const maxSkew = numberFlag('max-skew', values['max-skew'], 0);
  const spinner = !values.json && io.stdout.isTTY ? ttySpinner(io.stdout) : NO_SPINNER;
  const report = await runDoctor({
    ...connection,
    env: io.env,
    ...(maxSkew === undefined ? {} : { maxSkewMs: maxSkew * 1000 }),
    ...(values.authorities === undefined
      ? {}
      : {
          authorities: values.authorities
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean),
        }),
    ...(values.call === undefined
      ? {}
      : {
          call: {
            path: values.call,
            method: method === 'POST' ? 'POST' : 'GET',
            body: values.data,
          },
        }),
    onStepStart: (id, name) => {
      if (SLOW.has(id)) spinner.start(name);
    },
    onStepEnd: (step) => {
      spinner.stop();
      if (!values.json) io.stdout.write(`${stepLines(step).join('\n')}\n`);
    },
  });
  spinner.stop();
  io.stdout.write(values.json ? `${safeJson(report, 2)}\n` : `${summaryLine(report)}\n`);
  return report.exitCode;
}
