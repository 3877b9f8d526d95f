/**
 * Randomness for stochastic methods. The engine passes a seeded uniform generator in the context;
 * these helpers turn it into normals and shuffles, and `seededUniform` provides one for the
 * CLI and tests so a run is reproducible from its seed.
 */

/** The engine's seeded mulberry32 generator (model/random.ts), under the name methods use. */
export { createRandom as seededUniform } from '../model/random';

/** Standard normals from a uniform generator: the engine's one normal sampler (model/random.ts). */
export { createNormal as normalSampler } from '../model/random';

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
