/**
 * Painting unit thumbnails: a unit's G × G grid through the one diverging colour scale (the same
 * in every thumbnail and in the legend), upscaled without smoothing.
 */
import { interpolateBlueOrange } from '../charts/colorScales';
import { rgb } from 'd3';

/** value in [-range, range] -> colour (orange negative, blue positive). */
export function divergingColor(value: number, range: number): string {
  const t = Math.max(0, Math.min(1, 0.5 + value / (2 * range)));
  return interpolateBlueOrange(t);
}

const LUT_SIZE = 256;
const lut = Array.from({ length: LUT_SIZE }, (_, i) => {
  const c = rgb(interpolateBlueOrange(i / (LUT_SIZE - 1)));
  return [c.r, c.g, c.b];
});

/** An ImageData of one unit's grid (values[offset .. offset + G²], row-major). */
export function unitImage(
  values: Float32Array,
  offset: number,
  grid: number,
  range: number,
): ImageData {
  const image = new ImageData(grid, grid);
  for (let n = 0; n < grid * grid; n++) {
    const t = Math.max(0, Math.min(1, 0.5 + values[offset + n] / (2 * range)));
    const [r, g, b] = lut[Math.round(t * (LUT_SIZE - 1))];
    image.data.set([r, g, b, 255], n * 4);
  }
  return image;
}

let scratch: HTMLCanvasElement | null = null;

/** Draw one unit's grid into ctx at (x, y), size × size. */
export function paintUnit(
  ctx: CanvasRenderingContext2D,
  values: Float32Array,
  offset: number,
  grid: number,
  range: number,
  x: number,
  y: number,
  size: number,
): void {
  // One scratch canvas for every tile: creating a canvas per unit per refresh costs frames.
  scratch ??= document.createElement('canvas');
  const tile = scratch;
  if (tile.width !== grid) tile.width = grid;
  if (tile.height !== grid) tile.height = grid;
  tile.getContext('2d')?.putImageData(unitImage(values, offset, grid, range), 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(tile, x, y, size, size);
}

/** Spread (max − min) of a unit's grid: how much it changes over the plane. */
export function unitSpread(values: Float32Array, offset: number, cells: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let n = 0; n < cells; n++) {
    const v = values[offset + n];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return cells > 0 ? hi - lo : 0;
}
