// The cell registry: the one place that says what a cell kind is. Every layer reads it: config
// validation, URL state, model files, checkpoints, the CLI's flags, kernel selection (the WGSL
// CELL codes), traces' gate names, the controls, the gate inspector and the charts' colours.
// Pure data (no implementation imports): the forward/backward code of each kind is looked up by
// kind in ./index.ts, which a Record<CellKind, ...> keeps exhaustive.
//
// Adding a cell kind: CONTRIBUTING.md, "Add a cell".

/** The cell kinds, in the order the page and the CLI list them. */
export const CELL_KINDS = ['rnn', 'lstm', 'gru'] as const;
export type CellKind = (typeof CELL_KINDS)[number];

/** Each kind's variant knob, and that knob's values (the first is the default). */
export const NONLINEARITIES = ['tanh', 'relu'] as const;
export type Nonlinearity = (typeof NONLINEARITIES)[number];
export const GRU_VARIANTS = ['pytorch', 'original'] as const;
export type GruVariant = (typeof GRU_VARIANTS)[number];

/** The part of a model config that picks a cell: its kind and every kind's variant. */
export interface CellChoice {
  cell: CellKind;
  /** RNN only. */
  nonlinearity: Nonlinearity;
  /** LSTM only: diagonal peepholes p_i, p_f (on c_{t-1}) and p_o (on c_t). */
  peephole: boolean;
  /** GRU only: 'pytorch' = reset after the product (cuDNN), 'original' = reset before (Cho et al.). */
  gruVariant: GruVariant;
}

/** The ModelConfig field that holds a kind's variant. */
export type VariantField = 'nonlinearity' | 'peephole' | 'gruVariant';

/**
 * The code of each cell form in the WGSL cell kernels (their `override CELL`). The kernels see these
 * as constants named CELL_<NAME> (wgslCellConstants), never as bare numbers or ranges.
 */
export const WGSL_CELL = {
  RNN_TANH: 0,
  RNN_RELU: 1,
  LSTM: 2,
  LSTM_PEEPHOLE: 3,
  GRU: 4,
  GRU_ORIGINAL: 5,
} as const;
export type WgslCellName = keyof typeof WGSL_CELL;

/** How a gate's activation is bounded, which picks its colour scale: (0, 1) or (-1, 1) / unbounded. */
export type GateRange = 'unit' | 'signed';

export interface GateSpec {
  /** Short name, in the kind's PyTorch row order (the RNN's one "gate" is its nonlinearity). */
  readonly name: string;
  readonly range: GateRange;
}

export interface CellSpec {
  readonly id: CellKind;
  /** Short name in charts, legends and file names. */
  readonly label: string;
  /** The kind's colour in charts and legends (its runs' curves, swatches, gradient lines). */
  readonly color: string;
  /** Gate rows per unit of W_ih / W_hh: (G*H, in) and (G*H, H), PyTorch's order. */
  readonly gateCount: number;
  /** The gates of a configured cell, in row order. */
  gates(c: CellChoice): readonly GateSpec[];
  /** Whether the cell carries a cell state c_t beside h_t (the LSTM). */
  readonly hasCellState: boolean;
  /** The config field of this kind's variant, and its allowed values. */
  readonly variant: { readonly field: VariantField; readonly choices: readonly (string | boolean)[] };
  /** Rows of the diagonal peephole tensor rnn.weight_peep_l{k}, (rows, H); 0 when it has none. */
  peepholeRows(c: CellChoice): number;
  /**
   * Whether the gradient of the recurrent pre-activations (W_hh h + b_hh) differs from that of the
   * input side (W_ih x + b_ih): the GRU's, whose n gate scales its recurrent term by r.
   */
  readonly ownRecurrentGrad: boolean;
  /** Gate rows at the end of W_hh that multiply r * h_{t-1} rather than h_{t-1} (the original GRU's n). */
  resetStateGates(c: CellChoice): number;
  /** The form the WGSL cell kernels run. */
  wgsl(c: CellChoice): WgslCellName;
  /** Whether the wide GPU form (cell_backward_dh as its own dispatch) can run this form. */
  wideBackward(c: CellChoice): boolean;
}

const unit = (name: string): GateSpec => ({ name, range: 'unit' });
const signed = (name: string): GateSpec => ({ name, range: 'signed' });

const LSTM_GATES = [unit('i'), unit('f'), signed('g'), unit('o')];
const GRU_GATES = [unit('r'), unit('z'), signed('n')];

export const CELLS: { readonly [K in CellKind]: CellSpec & { readonly id: K } } = {
  rnn: {
    id: 'rnn',
    label: 'RNN',
    color: '#f5b942',
    gateCount: 1,
    gates: (c) => [signed(c.nonlinearity)],
    hasCellState: false,
    variant: { field: 'nonlinearity', choices: NONLINEARITIES },
    peepholeRows: () => 0,
    ownRecurrentGrad: false,
    resetStateGates: () => 0,
    wgsl: (c) => (c.nonlinearity === 'relu' ? 'RNN_RELU' : 'RNN_TANH'),
    wideBackward: () => true,
  },
  lstm: {
    id: 'lstm',
    label: 'LSTM',
    color: '#7c5cff',
    gateCount: 4,
    gates: () => LSTM_GATES,
    hasCellState: true,
    variant: { field: 'peephole', choices: [false, true] },
    peepholeRows: (c) => (c.peephole ? 3 : 0), // rows i, f, o
    ownRecurrentGrad: false,
    resetStateGates: () => 0,
    wgsl: (c) => (c.peephole ? 'LSTM_PEEPHOLE' : 'LSTM'),
    wideBackward: () => true,
  },
  gru: {
    id: 'gru',
    label: 'GRU',
    color: '#2dd4bf',
    gateCount: 3,
    gates: () => GRU_GATES,
    hasCellState: false,
    variant: { field: 'gruVariant', choices: GRU_VARIANTS },
    peepholeRows: () => 0,
    ownRecurrentGrad: true,
    resetStateGates: (c) => (c.gruVariant === 'original' ? 1 : 0),
    wgsl: (c) => (c.gruVariant === 'original' ? 'GRU_ORIGINAL' : 'GRU'),
    // the original GRU's reset-before path needs cell_backward's own W_hn product
    wideBackward: (c) => c.gruVariant !== 'original',
  },
};

/** The registry entry of a config's cell. */
export function cellSpec(c: Pick<CellChoice, 'cell'>): CellSpec {
  return CELLS[c.cell];
}

/** The gate names of a configured cell, in row order (what traces carry). */
export function gateNames(c: CellChoice): string[] {
  return cellSpec(c).gates(c).map((g) => g.name);
}

/** The override constant CELL of the cell kernels for a config. */
export function wgslCellCode(c: CellChoice): number {
  return WGSL_CELL[cellSpec(c).wgsl(c)];
}

/** WGSL declarations of the cell codes (`const CELL_LSTM: u32 = 2u;` ...), prepended to the cell kernels. */
export function wgslCellConstants(): string {
  return Object.entries(WGSL_CELL)
    .map(([name, code]) => `const CELL_${name}: u32 = ${code}u;`)
    .join('\n');
}

/** Whether `value` names a cell kind. */
export function isCellKind(value: unknown): value is CellKind {
  return (CELL_KINDS as readonly unknown[]).includes(value);
}
