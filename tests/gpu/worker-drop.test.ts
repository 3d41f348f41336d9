// Deleting a run of the session in the worker, on a real Dawn adapter (issue 20): a dropped run
// stops training while the others go on, 'undrop' puts it back at its place with the parameters
// and step it had, 'forget-dropped' frees it for good, and deleting every run while training
// ends the training loop cleanly. (Its own file: it sets a global `self`.)
import { expect, it } from 'vitest';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/model/config.ts';
import { memoryDefaults } from '../../src/model/memory-tasks.ts';
import { readModelFile } from '../../src/io/safetensors.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';
import { startWorker } from '../helpers/node-worker.ts';

it('sets a deleted run aside, puts it back on undo, frees it when forgotten', async (ctx) => {
  const shared = await gpuOrSkip(ctx.skip);
  if (!shared) return;
  const { got, send, next } = await startWorker(shared.gpu);
  await next('gpu');
  const text = 'the cat sat on the mat, the dog sat on the log. '.repeat(5);
  const train = { ...DEFAULT_TRAIN, batchSize: 2, seqLen: 8, learningRate: 0.01 };
  const runs = (['rnn', 'lstm', 'gru'] as const).map((cell) => ({ id: cell, model: { ...DEFAULT_MODEL, cell, hiddenSize: 8 } }));
  let id = 0;
  /** The run's step, or null when the worker has no such run (messages are answered in order: a
   *  sample asked for after the export comes back after it). */
  const exportedStep = async (runId: string) => {
    const [exportId, sampleId] = [++id, ++id];
    send({ type: 'export', id: exportId, runId });
    send({ type: 'sample', id: sampleId, runId: 'lstm', opts: { length: 1, temperature: 1, topK: 0, prime: 't', seed: 1 } });
    await next('sample', (m) => m.id === sampleId);
    const done = got.find((m) => m.type === 'exported' && m.id === exportId);
    return done?.type === 'exported' ? readModelFile(new Uint8Array(done.checkpoint.bytes)).training!.step : null;
  };
  let taken = 0;
  /** n steps, until the last one's state is posted (lstm is never dropped). */
  const steps = async (n: number) => {
    for (let i = 0; i < n; i++) send({ type: 'step' });
    taken += n;
    await next('resume-state', (m) => m.id === null && m.runId === 'lstm' && m.state.step >= taken);
  };
  const metricIds = () => got.flatMap((m) => (m.type === 'metrics' ? [m.runs.map((r) => r.id).join()] : []));

  send({ type: 'init', runs, train, text, mode: 'lm', memory: memoryDefaults('recall'), then: null });
  await next('ready');
  await steps(3);
  expect(await exportedStep('gru')).toBe(3);

  send({ type: 'drop', runId: 'gru' });
  got.length = 0;
  await steps(2);
  expect(new Set(metricIds())).toEqual(new Set(['rnn,lstm'])); // the others go on, the dropped one is quiet
  expect(await exportedStep('gru')).toBeNull();

  send({ type: 'undrop', runId: 'gru' });
  expect(await exportedStep('gru')).toBe(3); // nothing trained it while it was set aside
  got.length = 0;
  await steps(1);
  expect(metricIds().at(-1)).toBe('rnn,lstm,gru'); // at its place again

  // forgotten: Undo can no longer bring it back
  send({ type: 'drop', runId: 'rnn' });
  send({ type: 'forget-dropped' });
  send({ type: 'undrop', runId: 'rnn' });
  expect(await exportedStep('rnn')).toBeNull();

  // every run deleted while training: the loop ends and says so; nothing fails
  got.length = 0;
  send({ type: 'start' });
  await next('metrics');
  send({ type: 'drop', runId: 'lstm' });
  send({ type: 'drop', runId: 'gru' }); // frees lstm after the round that may still step it
  await next('running', (m) => !m.running);
  expect(got.filter((m) => m.type === 'error')).toEqual([]);
});
