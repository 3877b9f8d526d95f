/**
 * Randomness for stochastic methods. The engine passes a seeded uniform generator in the context;
 * these helpers turn it into normals and permutations, and `seededUniform` provides one for the
 * CLI and tests so a run is reproducible from its seed.
 */

/** The engine's seeded mulberry32 generator (model/random.ts), under the name methods use. */
export { createRandom as seededUniform } from '../model/random';

/** One standard normal by Box–Muller; 1 − u keeps the logarithm's argument in (0, 1]. */
export function standardNormal(random: () => number): number {
  const u1 = 1 - random();
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
