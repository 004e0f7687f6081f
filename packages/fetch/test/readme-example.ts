import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkExampleAgainstMock,
  type ExampleAgainstMock,
  type ExampleAgainstMockOptions,
} from '../../../tools/readme-check/src/run';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Run this package's README example as a user would (tools/readme-check's runner) against a
 * fresh mock Adumo, and `check` what it printed and what the mock saw.
 */
export function exampleAgainstMock(
  check: (run: ExampleAgainstMock) => void | Promise<void>,
  options?: ExampleAgainstMockOptions,
): Promise<void> {
  return checkExampleAgainstMock(packageDir, check, options);
}
