// Draws the memory-task sweeps of one machine as one SVG for the README: a panel per task, final
// accuracy (0-100 %) against its difficulty (log-spaced as the sweep's values are), a line per
// cell in its chart colour (src/model/cells/registry.ts), the chance level dashed and 90 % dotted.
// Usage: npx tsx scripts/sweep-plot.ts RESULTS_DIR OUT.svg "caption"
//   RESULTS_DIR holds sweep-<task>.jsonl as `rnn-playground sweep --json` prints them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CELL_KINDS, CELLS } from '../src/model/cells/registry.ts';
import { MEMORY_KINDS } from '../src/model/memory-tasks.ts';

interface Point { task: string; cell: string; steps: number; accuracy: number; chance: number; [knob: string]: number | string }

const [dir, out, caption = ''] = process.argv.slice(2);
if (!dir || !out) throw new Error('usage: npx tsx scripts/sweep-plot.ts RESULTS_DIR OUT.svg "caption"');

const W = 300; // one panel
const H = 210;
const M = { left: 44, right: 12, top: 28, bottom: 40 };
const cols = 3;
const rows = Math.ceil(MEMORY_KINDS.length / cols);
const parts: string[] = [];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

MEMORY_KINDS.forEach((task, i) => {
  const points = readFileSync(join(dir, `sweep-${task}.jsonl`), 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Point);
  const knob = ['delay', 'length', 'depth'].find((k) => k in points[0]!)!;
  const values = [...new Set(points.map((p) => p[knob] as number))].sort((a, b) => a - b);
  const ox = (i % cols) * W;
  const oy = Math.floor(i / cols) * H;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (v: number) => ox + M.left + (values.length > 1 ? (values.indexOf(v) / (values.length - 1)) * pw : pw / 2);
  const y = (acc: number) => oy + M.top + (1 - acc) * ph;
  parts.push(`<text x="${ox + M.left}" y="${oy + 16}" font-weight="bold">${task}</text>`);
  parts.push(`<rect x="${ox + M.left}" y="${oy + M.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  for (const tick of [0, 0.5, 1]) parts.push(`<text x="${ox + M.left - 4}" y="${y(tick) + 4}" text-anchor="end" font-size="10">${tick * 100}%</text>`);
  for (const v of values) parts.push(`<text x="${x(v)}" y="${oy + M.top + ph + 13}" text-anchor="middle" font-size="10">${v}</text>`);
  parts.push(`<text x="${ox + M.left + pw / 2}" y="${oy + H - 10}" text-anchor="middle" font-size="11">${knob}</text>`);
  parts.push(`<line x1="${ox + M.left}" x2="${ox + M.left + pw}" y1="${y(0.9)}" y2="${y(0.9)}" stroke="#888" stroke-dasharray="1 3"/>`);
  const chance = values.map((v) => `${x(v)},${y(points.find((p) => p[knob] === v)!.chance)}`).join(' ');
  parts.push(`<polyline points="${chance}" fill="none" stroke="#555" stroke-dasharray="5 4"/>`);
  for (const cell of CELL_KINDS) {
    const line = values.flatMap((v) => points.filter((p) => p.cell === cell && p[knob] === v).map((p) => `${x(v)},${y(p.accuracy)}`));
    if (line.length) parts.push(`<polyline points="${line.join(' ')}" fill="none" stroke="${CELLS[cell].color}" stroke-width="2"/>`, ...line.map((xy) => `<circle cx="${xy.split(',')[0]}" cy="${xy.split(',')[1]}" r="2.5" fill="${CELLS[cell].color}"/>`));
  }
});

const legendY = rows * H + 14;
const legend = [
  ...CELL_KINDS.map((c, i) => `<line x1="${20 + i * 90}" x2="${44 + i * 90}" y1="${legendY}" y2="${legendY}" stroke="${CELLS[c].color}" stroke-width="2"/><text x="${50 + i * 90}" y="${legendY + 4}">${CELLS[c].label}</text>`),
  `<line x1="290" x2="314" y1="${legendY}" y2="${legendY}" stroke="#555" stroke-dasharray="5 4"/><text x="320" y="${legendY + 4}">chance</text>`,
  `<line x1="390" x2="414" y1="${legendY}" y2="${legendY}" stroke="#888" stroke-dasharray="1 3"/><text x="420" y="${legendY + 4}">90%</text>`,
  `<text x="20" y="${legendY + 24}" font-size="11">${esc(caption)}</text>`,
];
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${cols * W}" height="${rows * H + 48}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
${[...parts, ...legend].join('\n')}
</svg>
`;
writeFileSync(out, svg);
console.log(`wrote ${out}`);
