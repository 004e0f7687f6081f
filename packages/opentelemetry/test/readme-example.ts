import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readmeExampleChecks } from '../../../tools/readme-check/src/run';

/** This package's README example, run as a user would against a fresh mock Adumo. */
export const example = readmeExampleChecks(join(dirname(fileURLToPath(import.meta.url)), '..'));
