import os from 'node:os';

/** Where and when the numbers were taken. */
export interface RunMeta {
  readonly date: string;
  readonly node: string;
  readonly platform: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  /** 1-minute load average at the start and the end of the run (noise indicator). */
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly durationSeconds: number;
  readonly mode: 'full' | 'smoke';
}

/** Describe this machine and run. */
export function runMeta(mode: RunMeta['mode'], startedAt: Date, loadAtStart: number): RunMeta {
  const cpus = os.cpus();
  return {
    date: startedAt.toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? 0 },
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 100) / 10,
    mode,
  };
}

/** The current 1-minute load average. */
export const loadAverage = (): number => os.loadavg()[0] ?? 0;
