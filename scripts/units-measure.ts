// Which features some unit tracks after N steps, for the README: trains a preset (its text, cell
// and settings) on the CPU reference backend for STEPS updates, reads the first PASSAGE characters
// as the page's "What each unit does" panel does (windows of the training length, state carried)
// and prints, per feature, the best |r| and its unit. Run: npx tsx scripts/units-measure.ts code 300
import { CpuBackend } from '../src/backend/cpu.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../src/model/config.ts';
import { rankByFeatures } from '../src/model/unit-features.ts';
import { buildVocab } from '../src/model/vocab.ts';
import { PRESETS, type PresetName } from '../src/store/presets.ts';

const [name = 'code', steps = '300', chars = '2000'] = process.argv.slice(2);
const preset = PRESETS[name as PresetName];
const model = { ...DEFAULT_MODEL, ...preset.model };
const train = { ...DEFAULT_TRAIN, ...preset.train };
const be = new CpuBackend();
await be.init({ model, train, text: preset.text });
let loss = NaN;
for (let s = 0; s < Number(steps); s++) loss = (await be.trainStep()).loss;
const text = Array.from(preset.text).slice(0, Number(chars) + 1).join('');
const passage = await be.passage({ text, window: train.seqLen });
const symbols = buildVocab(preset.text).symbols;
console.log(`${name}: ${model.cell} H=${model.hiddenSize}, ${steps} steps, loss ${loss.toFixed(3)}, passage ${passage.N} characters`);
for (const r of rankByFeatures(passage, Array.from(passage.inputs, (i) => symbols[i]!), 1)) {
  const b = r.top[0];
  console.log(`  ${r.feature.padEnd(10)} ${!r.varies || !b ? 'does not vary' : `best r = ${b.score.toFixed(2)} (layer ${b.unit.layer} ${b.unit.part} unit ${b.unit.unit})`}`);
}
