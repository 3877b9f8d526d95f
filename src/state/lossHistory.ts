/**
 * Bounded loss history for the chart. When full, every other point is dropped and from then on
 * only every `stride`-th snapshot is kept, so the whole run stays visible at even density.
 */
export interface HistoryPoint {
  step: number;
  trainLoss: number[];
  testLoss: number[];
  /** The step the test loss was evaluated at (it is held between evaluations). */
  testStep?: number;
}

export interface LossHistory {
  points: HistoryPoint[];
  /** Keep one snapshot out of this many. */
  stride: number;
  /** Snapshots offered since the run started. */
  offered: number;
}

export const HISTORY_CAPACITY = 2000;

export function emptyHistory(): LossHistory {
  return { points: [], stride: 1, offered: 0 };
}

/** Returns a new history (the old one is left as is, so React sees a change). */
export function appendToHistory(
  history: LossHistory,
  point: HistoryPoint,
  capacity = HISTORY_CAPACITY,
): LossHistory {
  const offered = history.offered + 1;
  const last = history.points[history.points.length - 1];
  if (last && point.step < last.step) {
    // The run went back to a checkpoint (divergence rollback, lost device): drop what came after.
    const kept = history.points.filter((p) => p.step < point.step);
    return { ...history, offered, points: [...kept, point] };
  }
  if (last && point.step <= last.step) {
    // A repeated snapshot of the same step (pause after a step) replaces the last point.
    return { ...history, offered, points: [...history.points.slice(0, -1), point] };
  }
  if ((offered - 1) % history.stride !== 0) return { ...history, offered };
  let points = [...history.points, point];
  let stride = history.stride;
  if (points.length > capacity) {
    points = points.filter((_, index) => index % 2 === 0 || index === points.length - 1);
    stride *= 2;
  }
  return { points, stride, offered };
}
