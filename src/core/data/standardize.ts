/**
 * Feature standardisation fitted on the train rows only, so no test statistics leak into
 * training. A (near-)constant column gets std 1: it is centred but not blown up.
 */

/** Mean and std per column of a row-major rows x D matrix, over the rows where isTest is 0. */
export function trainStandardization(
  x: Float64Array,
  D: number,
  isTest: Uint8Array,
): { mean: number[]; std: number[] } {
  const mean = new Array<number>(D).fill(0);
  const sq = new Array<number>(D).fill(0);
  let n = 0;
  isTest.forEach((test, r) => {
    if (test) return;
    n++;
    for (let c = 0; c < D; c++) mean[c] += x[r * D + c];
  });
  for (let c = 0; c < D; c++) mean[c] /= n;
  isTest.forEach((test, r) => {
    if (test) return;
    for (let c = 0; c < D; c++) sq[c] += (x[r * D + c] - mean[c]) ** 2;
  });
  const std = sq.map((s) => {
    const sd = Math.sqrt(s / n);
    return sd > 1e-12 ? sd : 1;
  });
  return { mean, std };
}
