// Sweep slice: "where does each cell break?" on the page. The fields as typed (src/store/sweep-draft.ts),
// the sweep running in the worker (its progress and the time left), and the last sweep of each
// task with its points, saved with the rest of the work (src/store/persist.ts) so it survives a
// reload. Points are kept as they arrive: a sweep cancelled, failed or cut off by a reload keeps
// them, marked partial. The rule with training: starting a sweep pauses it; Train or Step while a
// sweep runs cancels the sweep (src/engine/sweep-worker.ts).
import { fileStem, saveFile } from '../io/download.ts';
import { sweepCsv } from '../io/sweep-csv.ts';
import { CELL_KINDS } from '../model/cells/registry.ts';
import type { MemoryKind } from '../model/memory-tasks.ts';
import type { SweepResult } from '../io/stored-schema.ts';
import { DEFAULT_SWEEP_DRAFT, draftSpec } from './sweep-draft.ts';
import type { Slice, SweepSlice } from './state.ts';

/** The points a sweep makes when it is done. */
export const sweepSize = (r: Pick<SweepResult, 'spec'>) => r.spec.values.length * r.spec.cells.length;

export const createSweepSlice: Slice<SweepSlice> = (set, get) => {
  /** The running sweep's result, replaced in the list of each task's last sweep. */
  const update = (task: MemoryKind, change: (r: SweepResult) => SweepResult) =>
    set((s) => ({ sweeps: s.sweeps.map((r) => (r.spec.memory.task === task ? change(r) : r)) }));

  return {
    sweepDraft: DEFAULT_SWEEP_DRAFT,
    sweeps: [],
    sweepRun: null,
    sweepError: null,

    setSweepValues: (text) => set((s) => ({ sweepDraft: { ...s.sweepDraft, values: { ...s.sweepDraft.values, [s.memory.task]: text } } })),
    toggleSweepCell: (cell) =>
      set((s) => {
        const on = s.sweepDraft.cells.includes(cell);
        return { sweepDraft: { ...s.sweepDraft, cells: CELL_KINDS.filter((c) => (c === cell ? !on : s.sweepDraft.cells.includes(c))) } };
      }),
    setSweepDraft: (patch) => set((s) => ({ sweepDraft: { ...s.sweepDraft, ...patch } })),

    startSweep: () => {
      const { sweepDraft, memory, sweepRun, send } = get();
      const { spec } = draftSpec(sweepDraft, memory);
      if (!spec || sweepRun) return; // the fields say what is wrong; one sweep at a time
      const result: SweepResult = { spec, points: [], partial: true };
      set((s) => ({
        sweeps: [...s.sweeps.filter((r) => r.spec.memory.task !== spec.memory.task), result],
        sweepRun: { task: spec.memory.task, done: 0, total: sweepSize(result) * spec.steps, secondsLeft: null, adapter: null, cancelling: false },
        sweepError: null,
      }));
      send({ type: 'sweep-start', spec });
    },
    cancelSweep: () => {
      const run = get().sweepRun;
      if (!run || run.cancelling) return;
      set({ sweepRun: { ...run, cancelling: true } });
      get().send({ type: 'sweep-cancel' });
    },
    downloadSweep: (task) => {
      const r = get().sweeps.find((x) => x.spec.memory.task === task);
      if (!r || r.points.length === 0) return;
      saveFile(`${fileStem(`sweep-${task}${r.partial ? '-partial' : ''}`)}.csv`, sweepCsv(r.points), 'text/csv');
    },

    sweepStarted: (m) => set((s) => ({ sweepRun: s.sweepRun && { ...s.sweepRun, total: m.total, adapter: m.adapter } })),
    sweepProgress: (m) => set((s) => ({ sweepRun: s.sweepRun && { ...s.sweepRun, done: m.done, total: m.total, secondsLeft: m.secondsLeft } })),
    sweepPoint: (m) => update(m.point.task, (r) => ({ ...r, points: [...r.points, m.point] })),
    sweepEnded: (m) => {
      const task = get().sweepRun?.task;
      if (task) update(task, (r) => ({ ...r, partial: r.points.length < sweepSize(r) }));
      set({ sweepRun: null, sweepError: m.error && { message: m.error.message, field: m.error.field, problem: m.error.problem } });
    },
  };
};
