// The loss chart as a file: the SVGs the page draws (the axes, by recharts, and the curves over
// them) as one standalone SVG — on its dark surface, with a legend of the visible runs under it
// (a dashed sample for validation) — and the same as a PNG at twice its size, drawn on a canvas.

export interface LegendEntry {
  name: string;
  color: string;
}

const SURFACE = '#0b1020';
const TEXT = '#c9d1e3';
const ROW = 18;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The chart's SVG layers (the same size, drawn in order) as one standalone document with its
 *  legend: every visible run by name, a solid sample for its training curve and a dashed one for
 *  its validation curve where `val`. */
export function standaloneSvg(layers: readonly SVGSVGElement[], legend: readonly LegendEntry[], val: boolean): { text: string; width: number; height: number } {
  const svg = layers[0]!;
  const width = Math.round(svg.width.baseVal.value || svg.getBoundingClientRect().width);
  const chartHeight = Math.round(svg.height.baseVal.value || svg.getBoundingClientRect().height);
  const height = chartHeight + 8 + legend.length * ROW;
  const rows = legend
    .map((e, i) => {
      const y = chartHeight + 8 + i * ROW + ROW / 2;
      const dashed = val ? `<line x1="40" x2="64" y1="${y}" y2="${y}" stroke="${e.color}" stroke-width="2" stroke-dasharray="5 4"/>` : '';
      return `<line x1="8" x2="32" y1="${y}" y2="${y}" stroke="${e.color}" stroke-width="2"/>${dashed}<text x="${val ? 72 : 40}" y="${y + 4}" fill="${TEXT}" font-size="12" font-family="system-ui, sans-serif">${escape(e.name)}</text>`;
    })
    .join('');
  const inner = layers.map((l) => new XMLSerializer().serializeToString(l).replace(/^<svg[^>]*>|<\/svg>$/g, '')).join('');
  const text = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="${SURFACE}"/>${inner}${rows}</svg>`;
  return { text, width, height };
}

/** The SVG drawn on a canvas at `scale`, as PNG bytes. */
export async function svgToPng(svg: { text: string; width: number; height: number }, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = svg.width * scale;
    canvas.height = svg.height * scale;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, svg.width, svg.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas gave no PNG'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
