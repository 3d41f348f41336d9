// The CPU reference (src/model) against PyTorch: tests/fixtures/pytorch-*.json, written by
// scripts/pytorch_fixtures.py with torch.nn.RNN (tanh, relu), LSTM and GRU (H > 1, 2 layers,
// bidirectional) + nn.Linear in float64. Compared here: the parameter names and order (the file
// format's promise), the loss and every gradient of a window with a carried state and a masked
// target, two steps of SGD, Adam and RMSprop (and clipping by norm and by value), and the numbers
// of a trace (the inside views): h_t, c_t, ||dL/dh_t||, ||dL/dc_t||, the probabilities, the loss.
// Tolerance: |got - want| <= 1e-6 |want| + 1e-12 per element (float64 on both sides; the fixtures
// hold 10 significant digits; a trace is float32, ~6e-8 relative). Also: the fixtures were written
// by the committed script (its SHA-256), and, where torch imports, the script reproduces them.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../src/model/config.ts';
import { DEFAULT_TRAIN } from '../../src/model/config.ts';
import { Network } from '../../src/model/network.ts';
import { createOptimizer } from '../../src/model/optim.ts';
import { traceWindow, type LossAt } from '../../src/model/trace.ts';
import { applyUpdate } from '../../src/model/train.ts';
import { FIXTURE_SCRIPT, fixtureParams, fixtureState, loadPytorchFixtures, modelOf, scriptSha256, torchPython, type PytorchFixture } from '../helpers/pytorch-fixtures.ts';

const fixtures = loadPytorchFixtures();

/** Every element within 1e-6 relative (1e-12 absolute near zero); the message names the worst. */
function expectClose(got: ArrayLike<number>, want: readonly number[], what: string): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < want.length; i++) {
    const excess = Math.abs(got[i]! - want[i]!) - (1e-6 * Math.abs(want[i]!) + 1e-12);
    if (!(excess <= worstExcess)) {
      worst = i;
      worstExcess = Number.isNaN(excess) ? Infinity : excess;
    }
  }
  expect(worst, worst < 0 ? what : `${what}[${worst}]: ${got[worst]} vs PyTorch ${want[worst]}`).toBe(-1);
}

/** A network for the fixture's window, its parameters and its initial state. */
function setUp(f: PytorchFixture) {
  const model = modelOf(f);
  const { T, B } = f.batch;
  const net = new Network(model, f.model.vocabSize, B, T, Float64Array);
  const state = () => {
    const s = net.zeroState(Float64Array);
    s.h.forEach((h, l) => h.set(fixtureState(l, h.length)));
    s.c.forEach((c, l) => c.set(fixtureState(l, c.length))); // the script's c0 is its h0
    return s;
  };
  return { model, net, params: fixtureParams(net.layout), state, inputs: Int32Array.from(f.batch.inputs), targets: Int32Array.from(f.batch.targets) };
}

it('the fixtures are there: RNN tanh and relu, LSTM, GRU, each H > 1, 2 layers, bidirectional', () => {
  expect(fixtures.map((f) => f.file)).toEqual(['pytorch-gru.json', 'pytorch-lstm.json', 'pytorch-rnn-relu.json', 'pytorch-rnn-tanh.json']);
  for (const f of fixtures) {
    expect(f.model.hiddenSize).toBeGreaterThan(1);
    expect(f.model.numLayers).toBe(2);
    expect(f.model.bidirectional).toBe(true);
  }
  const runs = fixtures.flatMap((f) => f.runs.map((r) => `${r.optimizer} ${r.clipMode}`));
  for (const r of ['sgd none', 'adam none', 'rmsprop none', 'sgd norm', 'sgd value']) expect(runs).toContain(r);
});

it(`the fixtures were written by the committed ${FIXTURE_SCRIPT} (its SHA-256)`, () => {
  const sha = scriptSha256();
  for (const f of fixtures) expect(f.generator_sha256, `${f.file} is stale: run /usr/bin/python3 ${FIXTURE_SCRIPT}`).toBe(sha);
});

it(`${FIXTURE_SCRIPT} --check: PyTorch recomputes the committed values`, (ctx) => {
  const py = torchPython(ctx, '; the SHA-256 check above still ran');
  const r = spawnSync(py, [FIXTURE_SCRIPT, '--check'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/4 fixtures current/);
});

describe.each(fixtures.map((f) => [f.file.replace(/^pytorch-|\.json$/g, ''), f] as const))('%s against PyTorch', (_, f) => {
  it('parameter names, shapes and order are the PyTorch state_dict', () => {
    const { net } = setUp(f);
    expect(net.layout.tensors.map((t) => t.name)).toEqual(Object.keys(f.batch.grad));
    for (const t of net.layout.tensors) expect(t.size, t.name).toBe(f.batch.grad[t.name]!.length);
  });

  it('loss and every gradient of a window with a carried state and a masked target', () => {
    const { net, params, state, inputs, targets } = setUp(f);
    expect(targets).toContain(-1);
    expectClose([net.forward(params, inputs, targets, state())], [f.batch.loss], 'loss');
    const grad = new Float64Array(params.length);
    net.backward(params, grad);
    for (const t of net.layout.tensors) expectClose(grad.subarray(t.offset, t.offset + t.size), f.batch.grad[t.name]!, `d ${t.name}`);
  });

  for (const run of f.runs) {
    it(`two ${run.optimizer} steps (lr ${run.learningRate}${run.clipMode === 'none' ? '' : `, clipped by ${run.clipMode} at ${run.clipValue}`}): losses and every parameter's change`, () => {
      const { net, params, state, inputs, targets } = setUp(f);
      const start = params.slice();
      const train: TrainConfig = { ...DEFAULT_TRAIN, optimizer: run.optimizer, learningRate: run.learningRate, clipMode: run.clipMode, clipValue: run.clipValue };
      const optimizer = createOptimizer(run.optimizer, params.length, Float64Array);
      const grad = new Float64Array(params.length);
      const losses = [0, 1].map(() => {
        const loss = net.forward(params, inputs, targets, state());
        net.backward(params, grad);
        const r = applyUpdate(params, grad, optimizer, train, loss);
        expect(r.clipped).toBe(run.clipMode !== 'none'); // the script's thresholds clip both steps
        return loss;
      });
      expectClose(losses, run.losses, 'losses');
      for (const t of net.layout.tensors) {
        const change = Array.from({ length: t.size }, (_, i) => params[t.offset + i]! - start[t.offset + i]!);
        expectClose(change, run.change[t.name]!, `change of ${t.name}`);
      }
    });
  }

  for (const lossAt of ['all', 'last'] as const satisfies LossAt[]) {
    it(`trace (lossAt ${lossAt}): every layer and direction's h, c, ||dL/dh||, ||dL/dc||, the probabilities, the loss`, () => {
      const { model, net } = setUp(f);
      const want = f.trace[lossAt];
      const V = f.model.vocabSize;
      const tr = traceWindow(model, fixtureParams(net.layout), V, Int32Array.from(f.trace.ids), V, lossAt);
      expectClose([tr.loss], [want.loss], 'loss');
      tr.layers.forEach((dirs, l) =>
        dirs.forEach((d, k) => {
          const at = `layer ${l} direction ${k}`;
          expectClose(d.h, want.h[l]![k]!, `${at} h`);
          expectClose(d.dhNorm, want.dhNorm[l]![k]!, `${at} ||dL/dh||`);
          expect(d.c === null).toBe(want.c === undefined);
          if (d.c) expectClose(d.c, want.c![l]![k]!, `${at} c`);
          if (d.dcNorm) expectClose(d.dcNorm, want.dcNorm![l]![k]!, `${at} ||dL/dc||`);
        }),
      );
      expect(tr.layers.flat()).toHaveLength(4);
      // topK with k = V holds every probability: put them back in id order
      const probs = new Float64Array(tr.T * V);
      tr.topK.ids.forEach((id, i) => (probs[Math.floor(i / V) * V + id] = tr.topK.probs[i]!));
      expectClose(probs, want.probs, 'probabilities');
    });
  }
});
