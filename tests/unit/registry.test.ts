// The cell registry drives every consumer: for each cell kind and variant it defines, the URL
// round trip, the model file round trip (PyTorch names and shapes), the CLI's flags, the kernels'
// cell code, the traces' gate names, the controls' names in both languages and the gate inspector.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readModelFile, writeModelFile } from '../../src/io/safetensors.ts';
import { decodeHash, encodeHash } from '../../src/io/url-state.ts';
import { CELL_KINDS, CELLS, cellSpec, gateNames, WGSL_CELL, wgslCellCode, wgslCellConstants } from '../../src/model/cells/registry.ts';
import { CHOICES, DEFAULT_TRAIN, modelConfigErrors } from '../../src/model/config.ts';
import { buildLayout, initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { traceWindow } from '../../src/model/trace.ts';
import { buildVocab, encode } from '../../src/model/vocab.ts';
import { en } from '../../src/ui/messages/en.ts';
import { cellName, translate, variantName } from '../../src/ui/i18n.ts';
import { equations } from '../../src/ui/panels/GateInspector.tsx';
import { runCli, tempFiles } from '../helpers/cli.ts';
import { CELL_VARIANTS } from '../helpers/model-fixtures.ts';

const TEXT = 'hello world, hello registry. ';

describe('the cell registry', () => {
  it('defines every kind once, with the variants the config accepts', () => {
    expect(Object.keys(CELLS)).toEqual([...CELL_KINDS]);
    for (const kind of CELL_KINDS) expect(CELLS[kind].id).toBe(kind);
    expect(CHOICES.cell).toEqual(CELL_KINDS);
    // every (kind, variant) the fixtures derive from the registry is a valid config, and they differ
    expect(CELL_VARIANTS.map((v) => v.name)).toEqual(['rnn-tanh', 'rnn-relu', 'lstm', 'lstm-peephole', 'gru-pytorch', 'gru-original']);
    for (const { model } of CELL_VARIANTS) expect(modelConfigErrors(model)).toEqual([]);
  });

  it('gives each form its own WGSL cell code, declared as a named constant', () => {
    const codes = CELL_VARIANTS.map((v) => wgslCellCode(v.model));
    expect(new Set(codes).size).toBe(CELL_VARIANTS.length);
    expect(codes.sort()).toEqual(Object.values(WGSL_CELL).sort());
    for (const [name, code] of Object.entries(WGSL_CELL)) expect(wgslCellConstants()).toContain(`const CELL_${name}: u32 = ${code}u;`);
  });

  for (const { name, model: base } of CELL_VARIANTS) {
    const model = { ...base, hiddenSize: 6, numLayers: 2, bidirectional: true };
    const spec = cellSpec(model);
    const vocab = buildVocab(TEXT);

    describe(name, () => {
      it('round-trips through a shared link', () => {
        expect(decodeHash(encodeHash(model, DEFAULT_TRAIN, TEXT)).model).toEqual(model);
      });

      it('round-trips through a model file with PyTorch names and (G*H, in) shapes', () => {
        const layout = buildLayout(model, vocab.size);
        const params = initParams(layout, createRng(3)) as Float32Array;
        const read = readModelFile(writeModelFile({ model, vocab, params }));
        expect(read.model).toEqual(model);
        expect(read.params).toEqual(params);
        const G = spec.gateCount;
        expect(layout.tensor('rnn.weight_ih_l0').shape).toEqual([G * 6, vocab.size]);
        expect(layout.tensor('rnn.weight_hh_l1_reverse').shape).toEqual([G * 6, 6]);
        const peep = spec.peepholeRows(model);
        expect(layout.tensors.some((t) => t.name === 'rnn.weight_peep_l0')).toBe(peep > 0);
        if (peep > 0) expect(layout.tensor('rnn.weight_peep_l0').shape).toEqual([peep, 6]);
      });

      it("traces name the registry's gates, and the gate inspector writes one line per gate, c and h", () => {
        const layout = buildLayout(model, vocab.size);
        const params = initParams(layout, createRng(5));
        const trace = traceWindow(model, params, vocab.size, encode(vocab, TEXT).ids.slice(0, 8));
        expect(trace.gateNames).toEqual(gateNames(model));
        expect(trace.gateNames).toHaveLength(spec.gateCount);
        expect(trace.layers[0]![0]!.c !== null).toBe(spec.hasCellState);
        const frame = { runId: 'x', step: 0, model, symbols: vocab.symbols, labels: [], trace, lossAt: 'all' as const, arrivedAt: 0 };
        const lines = equations(frame, 1, 1, 3, 2);
        // the RNN's one line is h; the others have a line per gate, then c (LSTM) and h
        expect(lines).toHaveLength(spec.gateCount === 1 ? 1 : spec.gateCount + (spec.hasCellState ? 1 : 0) + 1);
        const h = trace.layers[1]![1]!.h[3 * 6 + 2]!;
        expect(lines.at(-1)!.part).toBe('h');
        expect(lines.at(-1)!.tex).toContain(`= ${h.toPrecision(4).replace(/e([+-]\d+)/, '\\times 10^{$1}')}`);
      });

      it('has names in both languages for the controls', () => {
        for (const lang of ['en', 'zh-CN'] as const) {
          expect(translate(lang, cellName(model.cell))).not.toBe('');
          for (const v of spec.variant.choices) expect(translate(lang, variantName(spec.variant.field, v))).not.toMatch(/^$|undefined/);
        }
        expect(`field.${spec.variant.field}` in en).toBe(true);
      });
    });
  }

  it('the CLI takes every kind and variant as flags and writes that model', { timeout: 60_000 }, async () => {
    const dir = tempFiles({ 't.txt': TEXT });
    for (const { name, model } of CELL_VARIANTS) {
      const { field } = cellSpec(model).variant;
      const flag = { nonlinearity: ['--nonlinearity', model.nonlinearity], peephole: model.peephole ? ['--peephole'] : [], gruVariant: ['--gru-variant', model.gruVariant] }[field];
      const out = `${dir}/${name}.safetensors`;
      const r = await runCli(['train', '--text', `${dir}/t.txt`, '--backend', 'cpu', '--steps', '0', '--hidden', '4', '--seq-len', '8', '--cell', model.cell, ...flag, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(readModelFile(new Uint8Array(readFileSync(out))).model).toEqual({ ...model, hiddenSize: 4 });
    }
  });
});
