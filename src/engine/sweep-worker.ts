// The page's sweep in the training worker: runSweep (src/engine/sweep.ts) on the worker's device
// (a WebGPU backend per point, or the CPU reference where there is no GPU), posting its start, its
// progress with the time left a few times a second, each point as it is done, and how it ended.
// It runs outside the worker's message queue, yielding every 30 ms between rounds of steps, so
// the queue (traces, samples, a cancel) is answered meanwhile. The rule with training (sweepMessage, read by
// worker.ts before its own switch): starting a sweep pauses training, its runs kept as they are;
// Train or Step while a sweep runs cancels the sweep first, which keeps its finished points.
import { CpuBackend } from '../backend/cpu.ts';
import { WebGpuBackend } from '../backend/webgpu/backend.ts';
import { adapterLabel, type GpuContext } from '../backend/webgpu/device.ts';
import { ConfigError } from '../model/config.ts';
import type { SweepSpec } from '../model/sweep.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { runSweep } from './sweep.ts';
import { SweepClock } from './sweep-progress.ts';

const PROGRESS_EVERY_MS = 250;
/** The longest the sweep keeps the worker's queue waiting (a cancel, a trace). */
const BREATHE_EVERY_MS = 30;

/** The sweep in progress: whether it was asked to stop, and its end. */
let active: { cancelled: boolean; ended: Promise<void> } | null = null;

type Post = (m: FromWorker) => void;

/** Handles the sweep's messages (true: handled) and cancels a sweep before training starts or
 *  steps (false: the worker goes on with the message). `pause` stops training. */
export async function sweepMessage(msg: ToWorker, gpu: Promise<GpuContext | null>, post: Post, pause: () => void): Promise<boolean> {
  switch (msg.type) {
    case 'sweep-start':
      pause(); // the training loop stops after its current round and reports it
      startSweep(msg.spec, await gpu, post);
      return true;
    case 'sweep-cancel':
      await cancelSweep();
      return true;
    case 'start':
    case 'step':
      await cancelSweep(); // training takes the device back
      return false;
    default:
      return false;
  }
}

/** Starts the sweep and returns at once (one at a time: a second start is refused). */
function startSweep(spec: SweepSpec, ctx: GpuContext | null, post: Post): void {
  if (active) {
    post({ type: 'sweep-ended', outcome: 'failed', error: { message: 'A sweep is already running.', field: null, problem: null } });
    return;
  }
  const sweep = { cancelled: false, ended: Promise.resolve() };
  active = sweep;
  sweep.ended = run(spec, ctx, post, () => sweep.cancelled).finally(() => {
    active = null;
  });
}

/** Stops the sweep, if one runs, and waits until it has ended (its finished points posted). */
async function cancelSweep(): Promise<void> {
  if (!active) return;
  active.cancelled = true;
  await active.ended;
}

async function run(spec: SweepSpec, ctx: GpuContext | null, post: Post, cancelled: () => boolean): Promise<void> {
  const total = spec.values.length * spec.cells.length * spec.steps;
  post({ type: 'sweep-started', total, backend: ctx ? 'webgpu' : 'cpu', adapter: ctx ? adapterLabel(ctx.info) : 'CPU (JavaScript)' });
  const t0 = performance.now();
  const clock = new SweepClock(spec, t0);
  let posted = t0;
  let breathed = t0;
  try {
    await runSweep(spec, () => (ctx ? new WebGpuBackend(ctx) : new CpuBackend()), {
      point: (point) => post({ type: 'sweep-point', point }),
      progress: (done) => {
        const now = performance.now();
        const secondsLeft = clock.secondsLeft(done, now); // every round: a difficulty's pace starts at its first
        if (done < total && now - posted < PROGRESS_EVERY_MS) return;
        posted = now;
        post({ type: 'sweep-progress', done, total, secondsLeft });
      },
      cancelled,
      breathe: () => {
        // a timer every round would add its clamped 4 ms to each round of ~1 ms GPU steps
        if (performance.now() - breathed < BREATHE_EVERY_MS) return Promise.resolve();
        breathed = performance.now();
        return new Promise((r) => setTimeout(r, 0));
      },
    });
    post({ type: 'sweep-ended', outcome: cancelled() ? 'cancelled' : 'done', error: null });
  } catch (err) {
    const e = err as Error;
    post({ type: 'sweep-ended', outcome: 'failed', error: { message: e.message, field: e instanceof ConfigError ? e.field : null, problem: e instanceof ConfigError ? e.problem : null } });
  }
}
