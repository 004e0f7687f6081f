/**
 * Child-process entry for the fleet scenario: one "instance" of an app, holding one client of one
 * driver. Driven over IPC by `scenarios/fleet.ts`.
 */
import { DRIVERS } from './drivers/index';
import type { DriverConfig, DriverInstance } from './drivers/types';
import { serveIpc } from './harness/ipc';

let instance: DriverInstance | undefined;

serveIpc({
  init: (driverName: string, config: DriverConfig) => {
    const driver = DRIVERS.find((d) => d.name === driverName);
    if (driver === undefined) throw new Error(`unknown driver ${driverName}`);
    instance = driver.create(config);
  },
  go: async (calls: number) => {
    const active = instance;
    if (active === undefined) throw new Error('not initialised');
    const results = await Promise.allSettled(
      Array.from({ length: calls }, () => active.getToken()),
    );
    return results.filter((r) => r.status === 'rejected').length;
  },
  close: async () => {
    await instance?.close();
    instance = undefined;
  },
});
process.on('disconnect', () => process.exit(0));
