/**
 * Exact moments of MultiTab-Bench labels. With z ~ N(0, 1) and y = Σ_{k=1..d} z^k + σε, every
 * moment of y is a finite sum of Gaussian moments E[z^n] = (n-1)!! (even n), 0 (odd n). Used by
 * the tests (expected label mean and variance per degree, and the sampling error of the sample
 * variance, which needs the 4th central moment) and by the UI to show each task's label scale.
 */

/** E[z^n] for z ~ N(0, 1): (n-1)!! for even n, 0 for odd n. */
export function gaussianMoment(n: number): number {
  if (n % 2 === 1) return 0;
  let product = 1;
  for (let k = n - 1; k > 1; k -= 2) product *= k;
  return product;
}

/** Coefficients c[k] of the polynomial Σ c_k z^k. */
type Polynomial = number[];

function multiply(a: Polynomial, b: Polynomial): Polynomial {
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  a.forEach((ai, i) => b.forEach((bj, j) => (out[i + j] += ai * bj)));
  return out;
}

function expectation(p: Polynomial): number {
  return p.reduce((sum, c, k) => sum + c * gaussianMoment(k), 0);
}

export interface LabelMoments {
  mean: number;
  variance: number;
  /** E[(y - mean)^4]; the sample variance over n rows has standard error sqrt((μ4 - var²)/n). */
  fourthCentral: number;
}

/**
 * Exact mean, variance and 4th central moment of y = Σ_{k=1..degree} z^k + noise·ε, before any
 * MTL Lab `scale`. Degrees 1..5 give variances 1, 3, 24, 144, 1329 without noise (reference §1.5).
 */
export function labelMoments(degree: number, noise = 0): LabelMoments {
  const poly: Polynomial = [0, ...Array.from({ length: degree }, () => 1)];
  const mean = expectation(poly);
  const centred = poly.slice();
  centred[0] -= mean;
  const square = multiply(centred, centred);
  const signalVariance = expectation(square);
  const signalFourth = expectation(multiply(square, square));
  // y - mean = p(z) + s ε with ε independent: E[(p + sε)^4] = E p^4 + 6 s² E p² + 3 s^4.
  const s2 = noise * noise;
  return {
    mean,
    variance: signalVariance + s2,
    fourthCentral: signalFourth + 6 * s2 * signalVariance + 3 * s2 * s2,
  };
}
