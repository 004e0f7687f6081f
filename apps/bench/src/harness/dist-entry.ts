/**
 * The URL of another built entry (`dist/<name>.mjs`). tsdown writes entries and shared chunks
 * flat into `dist/`, so a sibling file of whichever chunk this code lands in.
 */
export function distEntry(
  name:
    'mock-process' | 'fleet-worker' | 'load-process' | 'merchants-worker' | 'wrapper-cost-process',
): URL {
  return new URL(`./${name}.mjs`, import.meta.url);
}
