/** Pure helpers of StripChart (no DOM). */
import type { SeriesPoint } from '../../state/microscopeHistory';

/** Value range of all finite values, padded when flat; [0, 1] without data. */
export function stripDomain(points: SeriesPoint[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const point of points) {
    for (const v of point.values) {
      if (!Number.isFinite(v)) continue;
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
  }
  if (!Number.isFinite(low)) return [0, 1];
  if (low === high) return [low - 0.5, high + 0.5];
  return [Math.min(0, low), high];
}

/** Index of the point nearest to `step` (-1 without points). */
export function nearestIndex(points: SeriesPoint[], step: number): number {
  if (points.length === 0) return -1;
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].step < step) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && step - points[lo - 1].step <= points[lo].step - step) return lo - 1;
  return lo;
}
