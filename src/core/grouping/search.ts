/**
 * TAG's group selection (official `network_selection/TAG_network_selection.ipynb`), exhaustive:
 * every subset S with |S| ≥ 2 scores task j ∈ S by s_S(j) = mean_{i∈S, i≠j} Ẑ_{i→j} (singletons
 * score −10⁶ there, i.e. they are never chosen; we simply leave them out). A grouping is up to
 * `maxGroups` subsets covering every task, overlap allowed, and its value is
 * mean_j max_{S∋j} s_S(j): each task is served by its best group. Ties go to fewer groups, then
 * to fewer task slots (the notebook keeps the first maximum; this makes the answer independent of
 * enumeration order and prefers the simplest grouping).
 *
 * Orientation: `affinity[i][j]` = Ẑ_{i→j} (affinity.ts). The notebook adds R[a][b] to task a's
 * score, so its R is our transpose; we index our matrix explicitly instead.
 * Cost: T = 8, k = 3 visits ~2.5·10⁶ triples of the 247 subsets, about a second in a worker.
 */

export const MAX_SEARCH_TASKS = 8;
export const MAX_SEARCH_GROUPS = 3;

export interface Grouping {
  /** Task indices of each group, ascending. */
  groups: number[][];
  /** For each task, the index of the group that serves it (its best group). */
  servedBy: number[];
  /** mean_j max_{S∋j} s_S(j). */
  value: number;
}

const popcount = (m: number): number => {
  let c = 0;
  for (let x = m; x; x &= x - 1) c++;
  return c;
};

const members = (mask: number, T: number): number[] =>
  Array.from({ length: T }, (_, t) => t).filter((t) => mask & (1 << t));

/** s_S(j) for every subset mask (|S| ≥ 2) and task j ∈ S; −Infinity where j ∉ S. */
function subsetScores(
  affinity: number[][],
  T: number,
): { masks: number[]; scores: Float64Array[] } {
  const masks: number[] = [];
  const scores: Float64Array[] = [];
  for (let mask = 1; mask < 1 << T; mask++) {
    if (popcount(mask) < 2) continue;
    const inS = members(mask, T);
    const s = new Float64Array(T).fill(-Infinity);
    for (const j of inS) {
      let sum = 0;
      for (const i of inS) if (i !== j) sum += affinity[i][j];
      s[j] = sum / (inS.length - 1);
    }
    masks.push(mask);
    scores.push(s);
  }
  return { masks, scores };
}

/** The best grouping of `affinity` (T×T, Ẑ_{i→j} at [i][j]) into at most `maxGroups` groups. */
export function searchGroupings(affinity: number[][], maxGroups = 2): Grouping {
  const T = affinity.length;
  if (T < 2) return { groups: [[0].slice(0, T)], servedBy: T ? [0] : [], value: 0 };
  if (T > MAX_SEARCH_TASKS) {
    throw new Error(
      `the exhaustive grouping search handles up to ${MAX_SEARCH_TASKS} tasks, not ${T}`,
    );
  }
  if (maxGroups < 1 || maxGroups > MAX_SEARCH_GROUPS) {
    throw new Error(`groups must be between 1 and ${MAX_SEARCH_GROUPS}, not ${maxGroups}`);
  }
  const { masks, scores } = subsetScores(affinity, T);
  const full = (1 << T) - 1;
  const n = masks.length;
  let best: { picks: number[]; value: number; slots: number } | null = null;
  const consider = (picks: number[]) => {
    let cover = 0;
    for (const p of picks) cover |= masks[p];
    if (cover !== full) return;
    let total = 0;
    for (let j = 0; j < T; j++) {
      let m = -Infinity;
      for (const p of picks) if (scores[p][j] > m) m = scores[p][j];
      total += m;
    }
    const value = total / T;
    const slots = picks.reduce((a, p) => a + popcount(masks[p]), 0);
    const better =
      !best ||
      value > best.value + 1e-12 ||
      (Math.abs(value - best.value) <= 1e-12 &&
        (picks.length < best.picks.length ||
          (picks.length === best.picks.length && slots < best.slots)));
    if (better) best = { picks: picks.slice(), value, slots };
  };
  for (let a = 0; a < n; a++) {
    consider([a]);
    if (maxGroups < 2) continue;
    for (let b = a + 1; b < n; b++) {
      consider([a, b]);
      if (maxGroups < 3) continue;
      for (let c = b + 1; c < n; c++) consider([a, b, c]);
    }
  }
  if (!best) throw new Error('no grouping covers every task');
  const chosen: { picks: number[]; value: number } = best;
  const groups = chosen.picks.map((p) => members(masks[p], T));
  const servedBy = Array.from({ length: T }, (_, j) => {
    let g = 0;
    chosen.picks.forEach((p, k) => {
      if (scores[p][j] > scores[chosen.picks[g]][j]) g = k;
    });
    return g;
  });
  return { groups, servedBy, value: chosen.value };
}

/** Memberships in grouping form: train[t][c] = 1 when t ∈ group c; serve[t][c] = 1 for its best group. */
export function groupingMemberships(
  grouping: Grouping,
  T: number,
): { train: number[][]; serve: number[][] } {
  const C = grouping.groups.length;
  const train = Array.from({ length: T }, (_, t) =>
    Array.from({ length: C }, (_, c) => (grouping.groups[c].includes(t) ? 1 : 0)),
  );
  const serve = Array.from({ length: T }, (_, t) =>
    Array.from({ length: C }, (_, c) => (grouping.servedBy[t] === c ? 1 : 0)),
  );
  return { train, serve };
}
