import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Miniflare } from 'miniflare';
import type { SmokeAnswer } from '../src/worker';

const requireFromMiniflare = createRequire(createRequire(import.meta.url).resolve('miniflare'));

/** Versions of what runs the Worker, for the summary line. */
export const RUNTIME = {
  miniflare: (requireFromMiniflare('../../package.json') as { version: string }).version,
  workerd: (requireFromMiniflare('workerd') as { version: string }).version,
};

/**
 * A date the installed workerd supports (it refuses dates after its own release). No
 * compatibility flags anywhere: in particular no `nodejs_compat`.
 */
export const COMPATIBILITY_DATE = '2026-04-01';
export const COMPATIBILITY_FLAGS: string[] = [];

/** Answers the runtime's identity: proves the bundle runs in workerd without Node APIs. */
const PROBE_SCRIPT = `export default {
  fetch() {
    return Response.json({
      userAgent: navigator.userAgent,
      buffer: typeof globalThis.Buffer,
      process: typeof globalThis.process,
    });
  },
};`;

/** The Worker's bindings. */
export interface SmokeBindings {
  readonly TOKEN_URL: string;
  readonly API_URL: string;
  readonly CLIENT_ID: string;
  readonly CLIENT_SECRET: string;
}

/**
 * A local workerd (Miniflare) running the bundled Worker as `smoke` plus a `probe` Worker with
 * the same compatibility settings. Listens on 127.0.0.1 only; `cf: false` keeps Miniflare from
 * fetching its `Request.cf` data, so nothing leaves the machine.
 */
export function startWorker(scriptPath: string, bindings: SmokeBindings): Miniflare {
  const shared = { compatibilityDate: COMPATIBILITY_DATE, compatibilityFlags: COMPATIBILITY_FLAGS };
  return new Miniflare({
    host: '127.0.0.1',
    cf: false,
    workers: [
      {
        name: 'smoke',
        modules: true,
        scriptPath,
        modulesRoot: dirname(scriptPath),
        bindings: { ...bindings },
        ...shared,
      },
      { name: 'probe', modules: true, script: PROBE_SCRIPT, ...shared },
    ],
  });
}

/** One answer of the Worker, with when (ms after the run started) the request was sent. */
export interface TimedAnswer extends SmokeAnswer {
  readonly httpStatus: number;
  readonly sentAtMs: number;
  /** The start of a body that was not the Worker's JSON (e.g. workerd's uncaught-error page). */
  readonly text?: string;
}

/** Thrown when the Worker does not answer in time: a hung request fails the test. */
export class HungRequestError extends Error {}

/**
 * `mf.dispatchFetch()` raced against `timeoutMs`: resolves whatever the Worker answered (its
 * JSON, or the start of any other body), or rejects with a {@link HungRequestError}. The timer is
 * cleared either way.
 */
export async function request(
  mf: Miniflare,
  timeoutMs: number,
  startedAt: number,
): Promise<TimedAnswer> {
  const sentAtMs = Date.now() - startedAt;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HungRequestError(`request sent at ${sentAtMs} ms: no answer`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([answer(mf, sentAtMs), hung]);
  } finally {
    clearTimeout(timer);
  }
}

async function answer(mf: Miniflare, sentAtMs: number): Promise<TimedAnswer> {
  const res = await mf.dispatchFetch('http://worker.local/pay');
  const text = await res.text();
  try {
    return { ...(JSON.parse(text) as SmokeAnswer), httpStatus: res.status, sentAtMs };
  } catch {
    const base = { ok: false, status: res.status, jti: null, httpStatus: res.status, sentAtMs };
    return { ...base, text: text.slice(0, 200) };
  }
}

/**
 * Send `count` requests at once; resolves every answer, or rejects with the reasons of those
 * that got none (hung or failed) — after all of them settled, so nothing is left unobserved.
 */
export async function burst(
  mf: Miniflare,
  count: number,
  timeoutMs: number,
  startedAt: number,
): Promise<TimedAnswer[]> {
  const settled = await Promise.allSettled(
    Array.from({ length: count }, () => request(mf, timeoutMs, startedAt)),
  );
  const missing = settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
  if (missing.length > 0) throw new Error(missing.join('\n'));
  return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
}

/** Resolves after `ms`. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
