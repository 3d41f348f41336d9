// Cell lookup by model config.
import type { ModelConfig } from '../config.ts';
import { gruCell } from './gru.ts';
import { lstmCell } from './lstm.ts';
import { rnnCell } from './rnn.ts';
import type { Cell } from './types.ts';

export type { Cell, StepBuffers, StepGrads } from './types.ts';

export function cellFor(m: ModelConfig): Cell {
  switch (m.cell) {
    case 'rnn':
      return rnnCell(m.nonlinearity);
    case 'lstm':
      return lstmCell();
    case 'gru':
      return gruCell(m.gruVariant);
  }
}
