// Ctrl-C (SIGINT) and SIGTERM for `train`: before training has parameters worth keeping the
// command ends at once; while it trains the first signal is only noted, so the loop stops after
// its step and writes the last parameters (train.ts); a second one ends the process at once,
// removing any half-written temporary file and touching nothing else.
import { constants } from 'node:os';
import { abortWrites } from './out-file.ts';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type Signal = (typeof SIGNALS)[number];

/** The shell's exit status for a command ended by `signal`: 128 + its number (SIGINT 130). */
export const signalExitCode = (signal: Signal) => 128 + constants.signals[signal];

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
    process.exit(signalExitCode(first ?? signal));
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
