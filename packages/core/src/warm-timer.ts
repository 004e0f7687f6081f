import { unref } from './sleeper';

/** setTimeout's largest delay. */
const MAX_DELAY = 2_147_483_647;

/**
 * The optional keep-warm timer: one `unref`'d timeout that calls `fire` at the refresh time, so an
 * idle process still refreshes ahead. It never keeps the process alive.
 */
export class WarmTimer {
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly fire: () => void) {}

  /** (Re)arm to fire in `delayMs` (long delays re-arm until due; `fire` checks the clock). */
  schedule(delayMs: number): void {
    this.stop();
    const delay = Math.min(Math.max(0, delayMs), MAX_DELAY);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (delayMs > MAX_DELAY) this.schedule(delayMs - MAX_DELAY);
      else this.fire();
    }, delay);
    unref(this.#timer);
  }

  /** Disarm. */
  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
