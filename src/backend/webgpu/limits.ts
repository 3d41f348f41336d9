// Whether a model shape fits the adapter: a shape that does not gets a clear ConfigError before
// anything is allocated, never a validation error in the console.
import { ConfigError, type ModelConfig } from '../../model/config.ts';
import { MAX_HIDDEN } from './kernels.ts';
import { NetLayout } from './layout.ts';

/** P parameters, B rows of the longest sequence T, V symbols (or labels). */
export function checkShapeFits(limits: GPUSupportedLimits, m: ModelConfig, P: number, B: number, T: number, V: number): void {
  const H = m.hiddenSize;
  if (H > MAX_HIDDEN) throw new ConfigError('hiddenSize', `hidden size ${H} is above the GPU engine's maximum of ${MAX_HIDDEN}`, { code: 'hiddenTooLarge', params: { max: MAX_HIDDEN } });
  const at = NetLayout.of(m, B, T);
  // the largest buffers: parameters, a layer's acts (xp | pre | post), logits, a layer's states
  const largest = 4 * Math.max(P, at.acts.floats, at.N * V, at.states.floats);
  const allowed = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  if (largest > allowed) {
    const mb = (x: number) => `${(x / 2 ** 20).toFixed(0)} MB`;
    const params = { needed: mb(largest), allowed: mb(allowed) };
    throw new ConfigError('batchSize', `This model needs a ${params.needed} GPU buffer but the adapter allows ${params.allowed}: lower the batch size, sequence length or hidden size.`, { code: 'bufferTooLarge', params });
  }
}
