// Resumable runs in the worker: a run's state as a checkpoint file (protocol.ts ResumeState: the
// model file with the optimizer's moments, the batches drawn and the carried state, written by
// src/io/safetensors.ts), posted every RESUME_EVERY_MS of training and when it pauses, and the
// state a RunSpec brings back after a reload, checked against the run it is to continue.
import type { Backend, BackendInit } from '../backend/types.ts';
import { GpuLostError } from '../backend/webgpu/device.ts';
import { ConfigError, type ModelConfig, type TrainConfig } from '../model/config.ts';
import type { TrainingState } from '../model/resume.ts';
import type { Vocab } from '../model/vocab.ts';
import { readModelFile } from '../io/safetensors.ts';
import { RESUME_EVERY_MS, type FromWorker, type ResumeState } from './protocol.ts';
import { checkpointOf, type Run } from './run.ts';

/** The run's state now, as a checkpoint file (waits for its submitted steps). */
export async function resumeStateOf(run: Run, train: TrainConfig): Promise<ResumeState> {
  const state = await run.backend.trainingState();
  const step = state.step + run.stepOffset;
  return checkpointOf(run, step, await run.backend.getParams(), train, { ...state, step });
}

/** Posts each run's state when it is due (`force`: now): RESUME_EVERY_MS after the last, or ten
 *  times what the last took if that is longer (a large model's readback), so saving takes at most
 *  about a tenth of the worker's time. A run none of whose checkpoints has been posted yet gets one
 *  first (`checkpoint`): the page keeps a run by its checkpoint, and resumes the runs it keeps. */
export async function postResumeStates(runs: readonly Run[], train: TrainConfig, force: boolean, post: (m: FromWorker, transfer?: Transferable[]) => void, checkpoint: (run: Run) => void): Promise<void> {
  for (const run of runs) {
    const t0 = performance.now();
    if (!force && t0 < run.resumeDueAt) continue;
    if (run.checkpointStep < 0) checkpoint(run);
    const state = await resumeStateOf(run, train);
    post({ type: 'resume-state', id: null, runId: run.id, state }, [state.bytes]);
    const now = performance.now();
    run.resumeDueAt = now + Math.max(RESUME_EVERY_MS, 10 * (now - t0));
  }
}

/** What a run continues from: the parameters and state of `saved`, which must hold a state and
 *  the same model and vocabulary as the run (an Error saying which differs). */
export function readResumeState(saved: ResumeState, model: ModelConfig, vocab: Vocab): { params: Float32Array; state: TrainingState } {
  const file = readModelFile(new Uint8Array(saved.bytes));
  if (!file.state) throw new Error('the stored run holds no training state');
  if ((Object.keys(file.model) as (keyof ModelConfig)[]).some((k) => file.model[k] !== model[k])) throw new Error('the stored run is of another model than the one set now');
  if (file.vocab.symbols.join('') !== vocab.symbols.join('')) throw new Error('the stored run was trained on another text');
  return { params: file.params, state: file.state };
}

/**
 * A backend initialised for a run: from `saved` when there is one and it fits (the step it
 * continues from), else fresh, after an 'error' (field 'resume') that says why. A problem with the
 * settings (ConfigError) or a lost GPU is not the stored state's: it is thrown.
 */
export async function initResumed(make: () => Backend, init: BackendInit & { vocab: Vocab }, saved: ResumeState | undefined, post: (m: FromWorker) => void): Promise<{ backend: Backend; resumedFrom: number | null }> {
  const build = async (from: { params: Float32Array; state: TrainingState } | null) => {
    const backend = make();
    try {
      await backend.init(from ? { ...init, params: from.params, resume: from.state } : init);
      return backend;
    } catch (err) {
      backend.dispose();
      throw err;
    }
  };
  if (!saved) return { backend: await build(null), resumedFrom: null };
  try {
    const from = readResumeState(saved, init.model, init.vocab);
    return { backend: await build(from), resumedFrom: from.state.step };
  } catch (err) {
    if (err instanceof ConfigError || err instanceof GpuLostError) throw err;
    post({ type: 'error', message: `The run could not continue from where it was (${(err as Error).message}); it starts afresh.`, field: 'resume', problem: null });
    return { backend: await build(null), resumedFrom: null };
  }
}
