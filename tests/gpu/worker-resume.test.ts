// The training worker in Node on a real Dawn adapter (issue 20): an init holds out the last 10% of
// the text (said in 'ready'), a step posts valLoss equal to the reference on the held-out part,
// the worker hands out a run's resumable state, and a run initialised from it says so
// (resumedFrom) and continues at the right step with the parameters of an uninterrupted run; a
// state that does not fit the run is refused with an 'error' (field 'resume') and the run starts afresh.
// (Its own file: it sets a global `self`.)
import { expect, it } from 'vitest';
import type { FromWorker } from '../../src/engine/protocol.ts';
import { readModelFile } from '../../src/io/safetensors.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/model/config.ts';
import { memoryDefaults } from '../../src/model/memory-tasks.ts';
import { referenceValidationLoss, splitText } from '../../src/model/validation.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';
import { startWorker } from '../helpers/node-worker.ts';

it('validation, resumable state and resuming in the worker', async (ctx) => {
  const shared = await gpuOrSkip(ctx.skip);
  if (!shared) return;
  const { got, send, next } = await startWorker(shared.gpu);
  const text = 'the cat sat on the mat, the dog sat on the log. '.repeat(5); // 240 characters
  const train = { ...DEFAULT_TRAIN, batchSize: 3, seqLen: 8, learningRate: 0.01 };
  const model = { ...DEFAULT_MODEL, hiddenSize: 12 };
  const init = (resume?: Extract<FromWorker, { type: 'resume-state' }>['state']) =>
    send({ type: 'init', runs: [{ id: 'lstm', model, ...(resume ? { resume } : {}) }], train, text, mode: 'lm', memory: memoryDefaults('recall'), then: null });
  const steps = async (n: number) => {
    for (let i = 0; i < n; i++) send({ type: 'step' });
    await next('resume-state', (m) => m.id === null && m.state.step >= n); // posted when the last settles
  };
  const exported = async (id: number) => {
    send({ type: 'export', id, runId: 'lstm' });
    const { checkpoint } = await next('exported', (m) => m.id === id);
    return readModelFile(new Uint8Array(checkpoint.bytes));
  };
  await next('gpu');

  init();
  const ready = await next('ready');
  expect(ready.heldOut).toEqual({ unit: 'characters', count: 24, trained: 216, reason: null });
  await steps(4);
  const points = got.flatMap((m) => (m.type === 'metrics' ? m.runs[0]!.points : []));
  const straight = await exported(1);
  expect(straight.training!.step).toBe(4);
  const last = points.find((p) => p.step === 4 && p.valLoss !== undefined)!;
  const heldOut = splitText(text, train.validation, train.seqLen).heldOut!;
  const want = referenceValidationLoss(model, straight.params, straight.vocab, { mode: 'lm', text: heldOut }, train.seqLen);
  expect(Math.abs(last.valLoss! - want) / want).toBeLessThanOrEqual(1e-4);

  got.length = 0;
  init();
  await next('ready');
  await steps(2);
  send({ type: 'resume-state', id: 7, runId: 'lstm' });
  const { state } = await next('resume-state', (m) => m.id === 7);
  expect(state.step).toBe(2);
  init(state);
  expect((await next('ready')).runs[0]!.resumedFrom).toBe(2);
  await steps(2);
  const resumed = await exported(2);
  expect(resumed.training!.step).toBe(4);
  expect(resumed.params).toEqual(straight.params);

  // a stored state of another model is refused, said, and the run starts afresh
  send({ type: 'init', runs: [{ id: 'lstm', model: { ...model, hiddenSize: 13 }, resume: state }], train, text, mode: 'lm', memory: memoryDefaults('recall'), then: null });
  expect((await next('error')).field).toBe('resume');
  expect((await next('ready')).runs[0]!.resumedFrom).toBeUndefined();

  // while training, a held-out part of 42 windows is evaluated 32 windows per round: its points
  // wait for the loss, and every step is posted once, in order
  got.length = 0;
  send({ type: 'init', runs: [{ id: 'lstm', model }], train, text: text.repeat(14), mode: 'lm', memory: memoryDefaults('recall'), then: 'start' });
  expect((await next('ready')).heldOut!.count).toBe(336);
  await next('metrics', (m) => m.runs[0]!.points.some((p) => p.valLoss !== undefined));
  send({ type: 'pause' });
  await next('running', (m) => !m.running);
  const posted = got.flatMap((m) => (m.type === 'metrics' ? m.runs[0]!.points : []));
  expect(posted.every((p, i) => i === 0 || p.step > posted[i - 1]!.step)).toBe(true);
  expect(posted.filter((p) => p.valLoss !== undefined).every((p) => Number.isFinite(p.valLoss) && p.valLoss! > 0)).toBe(true);
});
