import type { Block } from './blocks';
import { CODE_LANGS } from './typecheck';

/** What the harness does with a block of each language. */
export type Kind = 'code' | 'commands' | 'data';

const COMMAND_LANGS: ReadonlySet<string> = new Set(['sh', 'bash', 'shell', 'console']);
const DATA_LANGS: ReadonlySet<string> = new Set(['json', 'text']);

/**
 * `code` (ts, js: compiled, the runnable ones run), `commands` (sh: each command checked),
 * `data` (json parsed, text shown as is), or `undefined`: a block the harness cannot vouch for.
 */
export function kindOf(block: Block): Kind | undefined {
  if (CODE_LANGS.has(block.lang)) return 'code';
  if (COMMAND_LANGS.has(block.lang)) return 'commands';
  if (DATA_LANGS.has(block.lang)) return 'data';
  return undefined;
}

/** The script of a commands block: a `console` block's `$ ` lines, any other block whole. */
export function scriptOf(block: Block): string {
  if (block.lang !== 'console') return block.code;
  return block.code
    .split('\n')
    .filter((line) => line.startsWith('$ '))
    .map((line) => line.slice(2))
    .join('\n');
}
