// Experiments you can trust, the page's pure parts: what changed between two runs (said in both
// languages), each visible run's own colour, TensorBoard's debiased smoothing, the chart's CSV of
// its visible curves, a text file's checks (UTF-8, binary, other encodings), the URL keys of the
// schedule, initialisation and split, and the runs' order by final or best loss.
import { describe, expect, it } from 'vitest';
import { chartCsv } from '../../src/io/loss-csv.ts';
import { decodeTextFile } from '../../src/io/text-file.ts';
import { decodeHash, encodeHash } from '../../src/io/url-state.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/model/config.ts';
import { runDiff, textFingerprint, type RunConfig } from '../../src/model/run-diff.ts';
import { PALETTE, pickColor, visibleColors } from '../../src/store/run-colors.ts';
import { curve, emaSmooth, logTicks, nearest, runScore, zoomRange } from '../../src/ui/draw/chart-series.ts';
import { sortRuns, type RunEntry } from '../../src/ui/panels/RunList.tsx';
import { diffText } from '../../src/ui/run-diff-text.ts';

const base: RunConfig = { model: { ...DEFAULT_MODEL, cell: 'gru' }, train: { ...DEFAULT_TRAIN, learningRate: 0.003 }, mode: 'lm', text: textFingerprint('hello world') };

describe('runDiff', () => {
  it('names the cell, the learning rate and peepholes switched on, in both languages', () => {
    const next: RunConfig = { ...base, model: { ...base.model, cell: 'lstm', peephole: true }, train: { ...base.train, learningRate: 0.01 } };
    const changes = runDiff(base, next);
    expect(changes).toEqual([
      { kind: 'cell', from: 'gru', to: 'lstm' },
      { kind: 'on', key: 'peephole' },
      { kind: 'set', key: 'learningRate', from: '0.003', to: '0.01' },
    ]);
    expect(diffText('en', changes)).toBe('GRU -> LSTM, + peepholes, lr 0.003 -> 0.01');
    expect(diffText('zh-CN', changes)).toBe('GRU → LSTM，+ 窥视孔，学习率 0.003 → 0.01');
  });

  it('ignores the knobs that do not matter to the run, and says "same settings" when nothing changed', () => {
    // peepholes of a GRU, the clip threshold with clipping off, the window of a line task
    const a: RunConfig = { ...base, train: { ...base.train, clipMode: 'none', clipValue: 1 }, mode: 'lines' };
    const b: RunConfig = { ...a, model: { ...a.model, peephole: true }, train: { ...a.train, clipValue: 9, seqLen: 12 } };
    expect(runDiff(a, b)).toEqual([]);
    expect(diffText('en', [])).toBe('same settings');
    expect(diffText('en', null)).toBeNull();
  });

  it('names the schedule, the initialisation, the split, the seed and a new text', () => {
    const next: RunConfig = {
      ...base,
      text: textFingerprint('hello world!'),
      train: { ...base.train, seed: 2, schedule: { ...base.train.schedule, kind: 'warmup-cosine' }, init: { kind: 'orthogonal', carryBias: true }, validation: { ...base.train.validation, fraction: 0.2 } },
    };
    expect(diffText('en', runDiff(base, next))).toBe('seed 1 -> 2, schedule constant -> warm-up + cosine, init PyTorch default -> orthogonal W_hh, + gate bias 1, held out 0.1 -> 0.2, other text');
    expect(diffText('zh-CN', runDiff(base, next))).toBe('种子 1 → 2，学习率调度 恒定 → 预热 + 余弦，初始化 PyTorch 默认 → 正交 W_hh，+ 门偏置 1，验证集比例 0.1 → 0.2，换了文本');
  });

  it('fingerprints texts: same text same print, one character more another', () => {
    expect(textFingerprint('abc')).toBe(textFingerprint('abc'));
    expect(textFingerprint('abc')).not.toBe(textFingerprint('abd'));
    expect(textFingerprint('')).toBe('0:811c9dc5');
  });
});

describe('run colours', () => {
  it("takes the cell's colour when free, else the palette's next free one", () => {
    expect(pickColor('lstm', [])).toBe(PALETTE[1]);
    expect(pickColor('lstm', [PALETTE[1]!])).toBe(PALETTE[0]);
    expect(pickColor('rnn', PALETTE)).toMatch(/^hsl\(/);
  });

  it('never draws two visible runs in one colour; hidden runs take none', () => {
    const runs = [
      { id: 'a', cell: 'lstm' as const, color: PALETTE[1]! },
      { id: 'b', cell: 'lstm' as const, color: PALETTE[1]! },
      { id: 'c', cell: 'gru' as const, color: PALETTE[2]! },
      { id: 'd', cell: 'gru' as const, color: PALETTE[2]! },
    ];
    const shown = visibleColors(runs, ['d']);
    expect([...shown.keys()]).toEqual(['a', 'b', 'c']);
    expect(new Set(shown.values()).size).toBe(3);
    expect(shown.get('a')).toBe(PALETTE[1]);
    expect(shown.get('b')).toBe(PALETTE[0]);
    // with 30 runs all visible, still 30 colours
    const many = Array.from({ length: 30 }, (_, i) => ({ id: `r${i}`, cell: 'rnn' as const, color: PALETTE[0]! }));
    expect(new Set(visibleColors(many, []).values()).size).toBe(30);
  });
});

describe('chart data', () => {
  it("smooths as TensorBoard does: debiased, so the first value is itself", () => {
    expect(emaSmooth([4, 2, 2], 0.5)).toEqual([4, (0.25 * 4 + 0.5 * 2) / 0.75, (0.125 * 4 + 0.25 * 2 + 0.5 * 2) / 0.875]);
    expect(emaSmooth([3, NaN, 1], 0)).toEqual([3, NaN, 1]);
    expect(emaSmooth([2, NaN, 2], 0.9)).toEqual([2, NaN, 2]);
  });

  it('builds a curve over characters read, validation points apart, cut to a range', () => {
    const points = [
      { step: 1, seconds: 0.1, loss: 3, valLoss: 3.2 },
      { step: 2, seconds: 0.2, loss: 2 },
      { step: 3, seconds: 0.3, loss: 1, valLoss: 2.5 },
    ];
    const o = { x: 'chars' as const, y: 'loss' as const, smoothing: 0, charsPerStep: 64, range: null, maxPoints: 100 };
    expect(curve(points, o)).toEqual([{ x: 64, y: 3, raw: 3 }, { x: 128, y: 2, raw: 2 }, { x: 192, y: 1, raw: 1 }]);
    expect(curve(points, o, true)).toEqual([{ x: 64, y: 3.2, raw: 3.2 }, { x: 192, y: 2.5, raw: 2.5 }]);
    // zoomed: the range's points and the one on either side, so the line crosses its edges
    expect(curve(points, { ...o, x: 'step', range: [2, 3] })).toEqual([{ x: 1, y: 3, raw: 3 }, { x: 2, y: 2, raw: 2 }, { x: 3, y: 1, raw: 1 }]);
    expect(curve(points, { ...o, x: 'step', range: [1.2, 2.5] }, true)).toEqual([{ x: 1, y: 3.2, raw: 3.2 }, { x: 3, y: 2.5, raw: 2.5 }]);
    expect(curve(points, { ...o, x: 'step', range: [5, 6] })).toEqual([]);
    expect(nearest(curve(points, o), 150)).toEqual({ x: 128, y: 2, raw: 2 });
    expect(runScore(points)).toEqual({ final: 2.5, best: 2.5, val: true });
  });

  it('writes the visible curves as CSV, a run name with a comma quoted', () => {
    const csv = chartCsv([{ run: 'LSTM, lr 0.01', curve: 'validation', points: [{ x: 10, y: 1.5, raw: 1.25 }] }], 'step', 'loss');
    expect(csv).toBe('run,curve,step,loss_smoothed,loss\n"LSTM, lr 0.01",validation,10,1.5,1.25\n');
  });

  it('ticks a log axis at 1, 2 and 5 of each decade; zooms and resets', () => {
    expect(logTicks(0.6, 4.2, 10)).toEqual({ domain: [0.5, 5], ticks: [0.5, 1, 2, 5] });
    expect(logTicks(0.001, 100, 4).ticks).toEqual([0.001, 0.01, 0.1, 1, 10, 100]);
    expect(zoomRange(null, 0.5, 0, 100)).toEqual([25, 75]);
    expect(zoomRange([25, 75], 2, 0, 100)).toBeNull();
  });

  it('orders the runs by final or best loss, runs without points last', () => {
    const entry = (id: string, losses: number[]): RunEntry => ({ id, name: id, color: '#fff', kind: 'kept', diff: null, points: losses.map((l, i) => ({ step: i + 1, seconds: i, loss: 9, valLoss: l })) });
    const runs = [entry('a', [2, 1.5, 1.9]), entry('b', [1.7, 1.6]), entry('c', [])];
    expect(sortRuns(runs, 'final').map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(sortRuns(runs, 'best').map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(sortRuns(runs, 'added').map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('text files', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('reads UTF-8 (a byte-order mark dropped)', () => {
    expect(decodeTextFile('poem.txt', bytes('\uFEFF床前明月光\n'))).toEqual({ text: '床前明月光\n' });
  });
  it('refuses a binary file (NUL bytes) and another encoding, naming where', () => {
    expect(decodeTextFile('a.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]))).toEqual({ problem: { code: 'binary', file: 'a.png' } });
    // "ab" then 床 in GBK (0xB4 0xB2): not UTF-8 from byte 2
    expect(decodeTextFile('gbk.txt', new Uint8Array([0x61, 0x62, 0xb4, 0xb2]))).toEqual({ problem: { code: 'encoding', file: 'gbk.txt', at: 2 } });
  });
});

describe('URL state of the experiment settings', () => {
  it('carries the schedule, initialisation and split; a link without them loads with none set', () => {
    const train = { ...DEFAULT_TRAIN, schedule: { ...DEFAULT_TRAIN.schedule, kind: 'step' as const, stepEvery: 50, stepFactor: 0.5 }, init: { kind: 'orthogonal' as const, carryBias: true }, validation: { fraction: 0.2, every: 4 } };
    const back = decodeHash(encodeHash(DEFAULT_MODEL, train, 'abc'));
    expect(back.dropped).toEqual([]);
    expect(back.train).toMatchObject({ schedule: train.schedule, init: train.init, validation: train.validation });
    const old = decodeHash('#cell=gru&lr=0.01&seed=3');
    expect(old.train).toEqual({ learningRate: 0.01, seed: 3 });
    expect(decodeHash('#val=0.9&sched=linear').dropped.map((d) => [d.key, d.reason])).toEqual([['sched', 'choice'], ['val', 'range']]);
  });
});

describe("a run's loss CSV", () => {
  it('has a validation-loss column, empty at the steps the run was not evaluated', async () => {
    const { lossCsv, LOSS_CSV_HEADER } = await import('../../src/io/loss-csv.ts');
    const csv = lossCsv([{ step: 1, loss: 2, gradNorm: 1, clipped: false, seconds: 0.5, valLoss: 2.5 }, { step: 2, loss: 1.5, gradNorm: 1, clipped: true, seconds: 1 }]).split('\n');
    expect(LOSS_CSV_HEADER.endsWith(',val_loss_nats')).toBe(true);
    expect(csv[0]).toBe(LOSS_CSV_HEADER);
    expect(csv[1]!.split(',').at(-1)).toBe('2.5');
    expect(csv[2]!.split(',').at(-1)).toBe('');
  });
});
