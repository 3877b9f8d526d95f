/** Pure layout and naming for Heatmap.tsx (kept apart so it can be unit-tested in Node). */

export interface HeatmapLayout {
  cell: number;
  left: number;
  top: number;
  width: number;
  height: number;
  /** Draw the numbers inside the cells (only when they fit). */
  showValues: boolean;
  shortRow: string[];
  shortCol: string[];
}

const MIN_CELL = 14;
const VALUE_CELL = 30;

/** "task_12" -> "12"-style short axis labels when names share a prefix; long names are cut. */
export function shortLabels(labels: string[], maxChars = 8): string[] {
  const prefix = commonPrefix(labels);
  const trimmed =
    prefix.length >= 3 && labels.length > 1
      ? labels.map((l) => l.slice(prefix.length) || l)
      : labels;
  return trimmed.map((l) => (l.length > maxChars ? `${l.slice(0, maxChars - 1)}…` : l));
}

function commonPrefix(labels: string[]): string {
  if (labels.length === 0) return '';
  let prefix = labels[0];
  for (const label of labels) {
    while (!label.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}

/** Cell size shrinks with the number of rows/columns so a 16 x 16 map stays compact. */
export function heatmapLayout(
  rowLabels: string[],
  colLabels: string[],
  maxCell: number,
): HeatmapLayout {
  const shortRow = shortLabels(rowLabels);
  const shortCol = shortLabels(colLabels);
  const longest = Math.max(1, ...shortRow.map((l) => l.length));
  const n = Math.max(rowLabels.length, colLabels.length, 1);
  const cell = Math.max(MIN_CELL, Math.min(maxCell, Math.floor(240 / n)));
  const left = 10 + longest * 7;
  const top = 18;
  return {
    cell,
    left,
    top,
    width: left + colLabels.length * cell + 2,
    height: top + rowLabels.length * cell + 2,
    showValues: cell >= VALUE_CELL,
    shortRow,
    shortCol,
  };
}

export function heatmapCellLabel(
  row: string,
  col: string,
  value: string,
  describe?: (row: string, col: string, value: string) => string,
): string {
  return describe ? describe(row, col, value) : `${row} and ${col}: ${value}`;
}

/** White text on strongly coloured cells, dark text elsewhere (contrast on RdBu / Blues). */
export function textColorFor(value: number, lo: number, hi: number, sequential: boolean): string {
  if (!Number.isFinite(value)) return '#1b2430';
  const t = (value - lo) / (hi - lo || 1);
  const strength = sequential ? t : Math.abs(2 * t - 1);
  return strength > 0.6 ? '#ffffff' : '#1b2430';
}
