import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One fenced code block of a README, as a user sees it. */
export interface Block {
  /** The README's path relative to the repository root, e.g. `packages/fetch/README.md`. */
  readonly readme: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The fence's language tag (`ts`, `sh`, …), `''` when it has none. */
  readonly lang: string;
  /** The block's text, verbatim (indentation of an indented fence removed), ending with `\n`. */
  readonly code: string;
  /**
   * Context a user would already have (a `db`, a `store`), from an HTML comment right before the
   * block: `<!-- prelude: declare const db: … -->`. Prepended when the block is compiled or run.
   */
  readonly prelude?: string;
  /** The nearest heading above the block, e.g. `## Many merchants`. */
  readonly section: string;
}

/** `README.md:12` of a block, for messages. */
export const where = (block: Block) => `${block.readme}:${block.line}`;

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;

/** The prelude of the HTML comment that `before` (the text before a fence) ends with, if any. */
function preludeAt(before: string): string | undefined {
  const text = before.trimEnd();
  if (!text.endsWith('-->')) return undefined;
  const comment = text.slice(text.lastIndexOf('<!--') + 4, -3);
  const match = /^\s*prelude:?([\s\S]*)$/.exec(comment);
  return match?.[1]?.trim();
}

/** Every fenced code block of the markdown `text` (the file `readme`, for messages). */
export function parseBlocks(text: string, readme: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{1,6} /.test(line)) section = line.trim();
    const open = FENCE.exec(line);
    if (open === null) continue;
    const [, indent = '', fence = '', lang = ''] = open;
    const close = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !close.test(lines[j]!); j++) {
      const l = lines[j]!;
      body.push(l.startsWith(indent) ? l.slice(indent.length) : l.trimStart());
    }
    if (j === lines.length) throw new Error(`${readme}:${i + 1}: code block never closed`);
    const prelude = preludeAt(lines.slice(Math.max(0, i - 30), i).join('\n'));
    blocks.push({
      readme,
      line: i + 1,
      lang,
      code: body.length === 0 ? '' : body.join('\n') + '\n',
      ...(prelude === undefined ? {} : { prelude: prelude + '\n' }),
      section,
    });
    i = j;
  }
  return blocks;
}

/** An inline code span of a README's prose (outside code blocks). */
export interface Span {
  readonly readme: string;
  readonly line: number;
  readonly code: string;
}

/** The inline code spans of the markdown `text`, outside fenced blocks. */
export function parseSpans(text: string, readme: string): Span[] {
  const spans: Span[] = [];
  let fence: RegExp | undefined;
  text.split('\n').forEach((line, i) => {
    if (fence !== undefined) {
      if (fence.test(line)) fence = undefined;
      return;
    }
    const open = FENCE.exec(line);
    if (open !== null) {
      const marks = open[2]!;
      fence = new RegExp(`^\\s*${marks[0] === '`' ? '`' : '~'}{${marks.length},}\\s*$`);
      return;
    }
    for (const m of line.matchAll(/(`+)(.+?)(?<!`)\1(?!`)/g)) {
      spans.push({ readme, line: i + 1, code: m[2]!.trim() });
    }
  });
  return spans;
}

/** The README.md files of the repository at `root`: the root one, and those of packages/*, apps/*, tools/*. */
export function findReadmes(root: string): string[] {
  const readmes = ['README.md'];
  for (const group of ['packages', 'apps', 'tools']) {
    const folders = readdirSync(join(root, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    for (const name of folders.sort()) {
      const file = join(root, group, name, 'README.md');
      if (statSync(file, { throwIfNoEntry: false })?.isFile() === true) {
        readmes.push(relative(root, file));
      }
    }
  }
  return readmes;
}

/** Every block of every README of the repository at `root`. */
export function repoBlocks(root: string): Block[] {
  return findReadmes(root).flatMap((readme) =>
    parseBlocks(readFileSync(join(root, readme), 'utf8'), readme),
  );
}
