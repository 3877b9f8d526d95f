import { describe, expect, it } from 'vitest';
import { incompleteBeta, tTwoSided, welch } from './welch';

describe("Welch's t-test", () => {
  it("Student's t tail matches tabulated values", () => {
    // t tables: P(|T| > 2.228) = 0.05 at 10 df; P(|T| > 3.182) = 0.05 at 3 df; P(|T| > 1) at 1 df = 0.5.
    expect(tTwoSided(2.228138852, 10)).toBeCloseTo(0.05, 6);
    expect(tTwoSided(3.182446305, 3)).toBeCloseTo(0.05, 6);
    expect(tTwoSided(1, 1)).toBeCloseTo(0.5, 10);
    expect(tTwoSided(0, 7)).toBeCloseTo(1, 10);
    expect(incompleteBeta(0.5, 2, 2)).toBeCloseTo(0.5, 12);
  });

  it('agrees with scipy.stats.ttest_ind(equal_var=False)', () => {
    // scipy 1.10: ttest_ind([1,2,3,4], [2.5,3.5,4.5,6.5], equal_var=False)
    //   -> statistic -1.6348477827391983, pvalue 0.156865184441974
    const r = welch([1, 2, 3, 4], [2.5, 3.5, 4.5, 6.5]);
    expect(r.t).toBeCloseTo(-1.6348477827391983, 10);
    expect(r.p).toBeCloseTo(0.156865184441974, 9);
  });
});
