const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A one-line progress indicator shown only after `delayMs`, i.e. on slow steps. */
export interface Spinner {
  start(label: string): void;
  /** Remove the spinner line (before the step's result is printed). */
  stop(): void;
}

/** No spinner at all (pipes, files, `--json`, tests). */
export const NO_SPINNER: Spinner = { start: () => undefined, stop: () => undefined };

/** A spinner on `stream`, which must be a TTY; frames only appear once a step runs `delayMs`. */
export function ttySpinner(stream: NodeJS.WriteStream, delayMs = 300): Spinner {
  let timer: NodeJS.Timeout | undefined;
  let shown = false;
  const stop = (): void => {
    clearTimeout(timer);
    clearInterval(timer);
    timer = undefined;
    if (shown) stream.write('\r\x1b[2K');
    shown = false;
  };
  return {
    start(label) {
      stop();
      let frame = 0;
      timer = setTimeout(() => {
        timer = setInterval(() => {
          shown = true;
          stream.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label}…`);
        }, 80);
        timer.unref();
      }, delayMs);
      timer.unref();
    },
    stop,
  };
}
