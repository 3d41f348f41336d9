// Model-files slice: import a safetensors file as the run, download a run (its model file and
// loss history as CSV, or a PyTorch project that goes on training it, zipped), keep runs with their
// model (each keeps its colour; the session's runs take new ones), name and remove them (with an
// undo), store each run's last good checkpoint in IndexedDB as the worker posts it, and download
// the chart (an image or its data).
import { clearRunCheckpoints, currentRunKey, deleteCheckpoint, deleteRunRecords, loadCheckpoint, saveCheckpoint, type Checkpoint } from '../io/checkpoints.ts';
import { fileStem, saveFile } from '../io/download.ts';
import { pytorchProject } from '../io/pytorch-project.ts';
import { MAX_MODEL_BYTES, readModelFile } from '../io/safetensors.ts';
import { chartCsv, lossCsv, type MetricPoint } from '../io/loss-csv.ts';
import { zip } from '../io/zip.ts';
import { ConfigError, problem } from '../model/config.ts';
import { pickColor } from './run-colors.ts';
import { forgetRemovedRun } from './runs.ts';
import { runView, type ModelFilesSlice, type RunView, type Slice } from './state.ts';

const noModel = (name = 'this run', field: string) => ({ message: `No model is stored for ${name}.`, field, problem: problem('noModel', { name }) });

function saveRun(name: string, checkpoint: Checkpoint, points: readonly MetricPoint[]) {
  const stem = fileStem(name);
  saveFile(`${stem}-step${checkpoint.step}.safetensors`, checkpoint.bytes, 'application/octet-stream');
  saveFile(`${stem}-loss.csv`, lossCsv(points), 'text/csv');
}

export const createModelFilesSlice: Slice<ModelFilesSlice> = (set, get) => {
  const pendingExports = new Map<number, (c: Checkpoint) => void>();
  let exportId = 0;

  /** The run's model: now, from the worker, or the checkpoint stored before a reload. */
  const runModel = (run: RunView): Promise<Checkpoint | undefined> => {
    if (!run.info) return loadCheckpoint(currentRunKey(run.id));
    const id = ++exportId;
    return new Promise((resolve) => {
      pendingExports.set(id, resolve);
      get().send({ type: 'export', id, runId: run.id });
    });
  };

  return {
    kept: [],
    lastRemoved: null,
    importing: false,
    importNotice: null,

    /** Reads a model file into a new run on the page's text and settings; a bad file changes nothing. */
    importModel: async (file) => {
      if (file.size > MAX_MODEL_BYTES) {
        const params = { file: file.name, mb: Math.round(file.size / 2 ** 20), max: MAX_MODEL_BYTES / 2 ** 20 };
        return set({ error: { message: `${params.file} is ${params.mb} MB, more than the ${params.max} MB a model file may have here; it was not opened.`, field: 'import', problem: problem('fileTooLarge', params) } });
      }
      set({ importing: true, error: null });
      // no pause here: the worker checks the file first and stops training only for one it accepts
      const { train, text, memory, send } = get();
      let bytes: ArrayBuffer;
      try {
        bytes = await file.arrayBuffer();
      } catch (err) {
        const params = { file: file.name, reason: (err as Error).message };
        return set({ importing: false, error: { message: `${params.file} cannot be opened: ${params.reason}`, field: 'import', problem: problem('importFailed', params) } });
      }
      send({ type: 'import', bytes, fileName: file.name, train, text, memory }, [bytes]);
    },

    /** Downloads a run of this session: its model now, and its loss history. */
    downloadRun: async (runId) => {
      const run = get().runs.find((r) => r.id === runId);
      const checkpoint = run && (await runModel(run));
      if (!run || !checkpoint) return set({ error: noModel(run?.label, 'import') });
      saveRun(run.source ? `${run.label}-${run.source.replace(/\.safetensors$/i, '')}` : run.label, checkpoint, run.points);
    },

    /** Downloads the run as a PyTorch project in a zip: its model now, with the page's text and
     *  training settings; a text the project cannot train on is said like an import's problem. */
    exportPytorch: async (runId) => {
      const run = get().runs.find((r) => r.id === runId);
      const checkpoint = run && (await runModel(run));
      if (!run || !checkpoint) return set({ error: noModel(run?.label, 'import') });
      const bytes = new Uint8Array(checkpoint.bytes);
      const { text, train } = get();
      try {
        const files = pytorchProject({ bytes, file: readModelFile(bytes), text, train, step: checkpoint.step }, run.label);
        const folder = `${fileStem(run.label)}-step${checkpoint.step}-pytorch`;
        saveFile(`${folder}.zip`, zip(files.map((f) => ({ name: `${folder}/${f.name}`, data: f.data }))), 'application/zip');
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        set({ error: { message: e.message, field: 'import', problem: e.problem } });
      }
    },

    /** Downloads a kept run from the model stored with it. */
    downloadKept: async (keptId) => {
      const k = get().kept.find((x) => x.id === keptId);
      const checkpoint = k && (await loadCheckpoint(keptId));
      if (!k || !checkpoint) return set({ error: noModel(k?.name, 'kept') });
      saveRun(k.name, checkpoint, k.points);
    },

    /** Keeps the current runs' curves on the chart, named, each with its model stored in IndexedDB. */
    keepRuns: () => {
      const { runs, kept } = get();
      const fresh = runs
        .filter((r) => r.points.length > 0)
        .map((r, i) => ({
          id: `kept-${Date.now()}-${i}`,
          name: `${r.label} #${kept.length + i + 1}`,
          cell: r.id,
          points: r.points,
          color: r.color,
          ...(r.evals.length ? { evals: r.evals } : {}),
          ...(r.config ? { config: r.config } : {}),
          ...(r.diff ? { diff: r.diff } : {}),
          run: r,
        }));
      const all = [...kept, ...fresh.map(({ run: _, ...k }) => k)];
      // the kept curves keep the colour they were seen in; the session's runs go on in new ones
      const used = all.flatMap((k) => (k.color ? [k.color] : []));
      const recolored = runs.map((r) => {
        const color = pickColor(r.id, used);
        used.push(color);
        return { ...r, color };
      });
      set({ kept: all, runs: recolored });
      for (const k of fresh) {
        void runModel(k.run).then(async (c) => {
          if (!c) return;
          await saveCheckpoint(k.id, c);
          set((s) => ({ kept: s.kept.map((x) => (x.id === k.id ? { ...x, checkpointStep: c.step } : x)) }));
        });
      }
    },

    removeKept: (id) => {
      const { kept, forgetRemoved } = get();
      const index = kept.findIndex((k) => k.id === id);
      if (index < 0) return;
      forgetRemoved(); // only the last removal can be undone
      set({ kept: kept.filter((k) => k.id !== id), lastRemoved: { kind: 'kept', run: kept[index]!, index } });
    },

    undoRemove: () => {
      const { kept, runs, lastRemoved: removed, send } = get();
      if (!removed) return;
      const back = <T>(list: readonly T[], item: T) => [...list.slice(0, removed.index), item, ...list.slice(removed.index)];
      if (removed.kind === 'kept') return set({ kept: back(kept, removed.run), lastRemoved: null });
      send({ type: 'undrop', runId: removed.run.id });
      set({ runs: back(runs, removed.run), lastRemoved: null });
    },

    forgetRemoved: () => {
      const { lastRemoved: removed, send } = get();
      if (!removed) return;
      if (removed.kind === 'kept') void deleteCheckpoint(removed.run.id);
      else {
        send({ type: 'forget-dropped' });
        void deleteRunRecords(removed.run.id);
      }
      set({ lastRemoved: null });
    },

    renameRun: (id, name) =>
      set((s) => ({ kept: s.kept.map((k) => (k.id === id ? { ...k, name } : k)), runs: s.runs.map((r) => (r.id === id ? { ...r, label: name } : r)) })),

    downloadChart: (name, data) => saveFile(name, data, data.type),

    downloadChartData: (name, curves, xName, yName) => saveFile(name, chartCsv(curves, xName, yName), 'text/csv'),

    exported: (m) => {
      pendingExports.get(m.id)?.(m.checkpoint);
      pendingExports.delete(m.id);
    },

    checkpointArrived: (m) => {
      // while new runs are being built, a late checkpoint belongs to the runs they replace
      const run = get().status === 'preparing' ? undefined : get().runs.find((r) => r.id === m.runId);
      if (run) {
        const about = { color: run.color, ...(run.config ? { config: run.config } : {}), ...(run.diff ? { diff: run.diff } : {}) };
        void saveCheckpoint(currentRunKey(m.runId), { ...m.checkpoint, label: run.label, model: run.model, points: run.points, source: run.source, ...about });
      }
    },

    imported: (m) => {
      forgetRemovedRun(get());
      void clearRunCheckpoints();
      set({
        runs: [runView(m.run.model.cell, m.run.model, m.fileName, { color: pickColor(m.run.model.cell, get().kept.flatMap((k) => (k.color ? [k.color] : []))) })],
        model: m.run.model,
        mode: m.mode,
        memory: m.memory,
        stale: false,
        status: 'preparing',
        sample: '',
        importing: false,
        importNotice: { fileName: m.fileName, unknown: m.unknown },
        error: null,
      });
    },
  };
};
