// Ctrl-C (SIGINT) and SIGTERM for `train`: before training has parameters worth keeping the
// command ends at once; while it trains the first signal is only noted, so the loop stops after
// its step and writes the last parameters (train.ts); a second one ends the process at once,
// removing any half-written temporary file and touching nothing else.
import { abortWrites } from './out-file.ts';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type Signal = (typeof SIGNALS)[number];

/** The exit status of an interrupted command, whichever signal stopped it (SIGINT's 128 + 2):
 *  one code for scripts to recognise "stopped on request" by. */
export const INTERRUPTED = 130;

export interface Interrupts {
  /** The first signal received while training, or null. */
  readonly signal: Signal | null;
  /** From now on the first signal is noted for the loop instead of ending the process. */
  deferFirst(): void;
  /** Stops listening. */
  dispose(): void;
}

export function trapInterrupts(note: (line: string) => void): Interrupts {
  let first: Signal | null = null;
  let deferring = false;
  const handler = (signal: Signal) => {
    if (deferring && first === null) {
      first = signal;
      return;
    }
    abortWrites();
    note(first ? `interrupted again (${signal}): exiting without writing anything` : `interrupted (${signal}): nothing was saved`);
    process.exit(INTERRUPTED);
  };
  for (const s of SIGNALS) process.on(s, handler);
  return {
    get signal() {
      return first;
    },
    deferFirst() {
      deferring = true;
    },
    dispose() {
      for (const s of SIGNALS) process.off(s, handler);
    },
  };
}

/** Lets pending signals and I/O run (a CPU step never leaves the microtask queue on its own). */
export const yieldToEvents = () => new Promise<void>((r) => setImmediate(r));
