// Weight matrices as heatmaps: one pixel per weight on the network panel's diverging scale, drawn
// into ImageData (the canvas is scaled up by CSS with crisp pixels).
import { divergingRgb } from './cells.ts';

/** Largest |v| of values[offset .. offset + n). */
export function absMax(values: Float32Array, offset: number, n: number): number {
  let m = 0;
  for (let i = offset; i < offset + n; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

/**
 * RGBA pixels (rows * cols * 4) of a row-major (rows, cols) block of `values` at `offset`, each
 * value divided by `scale` (so ±scale is the full colour).
 */
export function heatmapPixels(values: Float32Array, offset: number, rows: number, cols: number, scale: number): Uint8ClampedArray<ArrayBuffer> {
  const px = new Uint8ClampedArray(rows * cols * 4);
  const inv = scale > 0 ? 1 / scale : 0;
  for (let i = 0; i < rows * cols; i++) {
    const [r, g, b] = divergingRgb(values[offset + i]! * inv);
    px.set([r!, g!, b!, 255], i * 4);
  }
  return px;
}

/** Draws `pixels` (rows, cols) on `canvas` at one pixel per weight. */
export function paintHeatmap(canvas: HTMLCanvasElement, pixels: Uint8ClampedArray<ArrayBuffer>, rows: number, cols: number): void {
  if (canvas.width !== cols || canvas.height !== rows) {
    canvas.width = cols;
    canvas.height = rows;
  }
  canvas.getContext('2d')!.putImageData(new ImageData(pixels, cols, rows), 0, 0);
}
