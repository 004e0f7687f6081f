import type { Driver, DriverConfig, DriverInstance } from '../drivers/types';
import type { MockFactory, MockHandle, MockOptions } from './mock';

/** The driver configuration that points at `mock`. */
export function configFor(mock: MockHandle, redisUrl?: string): DriverConfig {
  return {
    baseUrl: mock.baseUrl,
    tokenUrl: mock.tokenUrl,
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    ...(redisUrl === undefined ? {} : { redisUrl }),
  };
}

/**
 * Start a fresh mock, create one client of `driver` against it, run `body`, and always close both
 * (so no timer, socket or fault outlives the run).
 */
export async function withDriver<T>(
  driver: Driver,
  startMock: MockFactory,
  mockOptions: MockOptions,
  body: (instance: DriverInstance, mock: MockHandle) => Promise<T>,
): Promise<T> {
  const mock = await startMock(mockOptions);
  try {
    const instance = driver.create(configFor(mock));
    try {
      return await body(instance, mock);
    } finally {
      await instance.close();
    }
  } finally {
    await mock.close();
  }
}
