// The forward/backward code of each cell kind (what a kind is: ./registry.ts). The Record keeps
// the lookup exhaustive: a kind added to the registry without code here does not typecheck.
import type { CellChoice, CellKind } from './registry.ts';
import { gruCell } from './gru.ts';
import { lstmCell } from './lstm.ts';
import { rnnCell } from './rnn.ts';
import type { Cell } from './types.ts';

export type { Cell, StepBuffers, StepGrads } from './types.ts';

const CODE: { readonly [K in CellKind]: (c: CellChoice) => Cell } = {
  rnn: (c) => rnnCell(c.nonlinearity),
  lstm: () => lstmCell(),
  gru: (c) => gruCell(c.gruVariant),
};

export function cellFor(c: CellChoice): Cell {
  return CODE[c.cell](c);
}
