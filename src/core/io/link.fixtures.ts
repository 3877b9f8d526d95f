/**
 * fast-check generators of valid link states for the link tests: every field anywhere inside
 * LIMITS, correlation matrices null or valid (including ones that are symmetric only within the
 * validator's 1e-9 tolerance), random method options, runs, views and hidden controls.
 */
import fc from 'fast-check';
import {
  ARCHITECTURE_IDS,
  LIMITS,
  INIT_SCHEMES,
  MAX_FEATURE_INDEX,
  SCHEMA_VERSION,
  TASK_KINDS,
  type LabConfig,
  type OptionValue,
  type TaskSpec,
} from '../config/schema';
import { normalizedGram } from '../data/similarity';
import { PROCEDURE_IDS } from '../methods/procedures/ids';
import { LOSS_TRANSFORM_IDS } from '../methods/transforms/ids';
import type { LinkState, RunSpec } from './link';

const MAX_SEED = 2 ** 31 - 1;
const dbl = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
/** Integers, with -0 as well where 0 is allowed (the schema accepts it, so links must keep it). */
const int = (min: number, max: number) =>
  min <= 0 && max >= 0
    ? fc.oneof({ arbitrary: fc.integer({ min, max }), weight: 9 }, fc.constant(-0))
    : fc.integer({ min, max });
const ints = (minLength: number) =>
  fc.array(int(LIMITS.hidden.min, LIMITS.hidden.max), { minLength, maxLength: 4 });

export const arbText = (minLength = 0, maxLength = 12) =>
  fc.oneof(
    fc.string({ minLength, maxLength, unit: 'grapheme' }),
    fc.string({ minLength, maxLength, unit: 'grapheme-ascii' }),
    fc.string({ minLength, maxLength, unit: 'binary-ascii' }),
  );

/** Up to three groups with distinct, already-trimmed names over disjoint columns. */
const arbFeatureGroups = fc
  .tuple(
    fc.uniqueArray(
      arbText(1).filter((n) => n.trim() === n && n.length > 0 && n.length <= 40),
      { maxLength: 3 },
    ),
    fc.uniqueArray(fc.integer({ min: 0, max: MAX_FEATURE_INDEX }), { minLength: 3, maxLength: 9 }),
  )
  .map(([names, columns]) =>
    names.map((name, m) => ({ name, columns: columns.filter((_, k) => k % names.length === m) })),
  );

const textUnits = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 10 }),
  fc.constantFrom(
    '',
    "'",
    "'x",
    'true',
    'false',
    '1',
    '-0',
    ' 5',
    '1e999',
    '%',
    '&=#?+',
    '__proto__',
    'a,b;c',
  ),
);

export const arbOptionValue: fc.Arbitrary<OptionValue> = fc.oneof(
  dbl(-1e300, 1e300),
  fc.constantFrom(0, -0, 1e-320, Number.MAX_VALUE, -Number.MIN_VALUE),
  fc.boolean(),
  textUnits,
);

export const arbOptions = fc.dictionary(textUnits, arbOptionValue, { maxKeys: 4 });

const arbTaskSpec: fc.Arbitrary<TaskSpec> = fc.record({
  degree: int(LIMITS.degree.min, LIMITS.degree.max),
  noise: dbl(LIMITS.noise.min, LIMITS.noise.max),
  kind: fc.constantFrom(...TASK_KINDS),
  classes: int(2, 10),
  positiveRate: dbl(0.01, 0.99),
  scale: dbl(1e-3, 1e3),
  labelledFraction: dbl(0.01, 1),
});

/** Cosine matrices of random vectors: valid (positive semidefinite) by construction. */
function arbCorrelation(T: number): fc.Arbitrary<number[][]> {
  const vector = (k: number) =>
    fc.array(
      dbl(-1, 1).filter((x) => Math.abs(x) > 1e-3),
      { minLength: k, maxLength: k },
    );
  return fc
    .record({
      vectors: int(1, T + 1).chain((k) => fc.array(vector(k), { minLength: T, maxLength: T })),
      wobble: int(-2, 2),
    })
    .map(({ vectors, wobble }) => {
      const P = normalizedGram(vectors);
      // Within the validator's tolerances but not exactly symmetric/unit: exercises the full form.
      if (wobble < 0) P[T - 1][T - 1] = 1 - 1e-12;
      if (wobble > 0 && T > 1)
        P[0][1] = Math.max(-1, Math.min(1, P[1][0] + (P[1][0] > 0 ? -1e-11 : 1e-11)));
      return P;
    });
}

export const arbConfig: fc.Arbitrary<LabConfig> = int(LIMITS.tasks.min, LIMITS.tasks.max).chain(
  (T) =>
    fc.record({
      version: fc.constant(SCHEMA_VERSION as 2),
      data: fc.record({
        tasks: fc.constant(T),
        features: int(T, LIMITS.features.max),
        rho: dbl(T > 1 ? Math.max(-1, -1 / (T - 1)) : -1, 1),
        correlation: fc.option(arbCorrelation(T), { nil: null }),
        taskSpecs: fc.array(arbTaskSpec, { minLength: T, maxLength: T }),
        irrelevantFeatures: int(0, 256),
        featureCorrelation: dbl(0, 0.95),
        samples: int(LIMITS.samples.min, LIMITS.samples.max),
        testFraction: dbl(LIMITS.testFraction.min, LIMITS.testFraction.max),
        seed: int(0, MAX_SEED),
      }),
      model: fc.record({
        architecture: fc.constantFrom(...ARCHITECTURE_IDS),
        hidden: ints(1),
        tower: ints(0),
        experts: int(1, 16),
        sharedExperts: int(1, 8),
        taskExperts: int(1, 8),
        levels: int(1, 3),
        embedDim: int(2, 64),
        heads: int(1, 8),
        ffHidden: int(4, 512),
        taskMask: fc.constantFrom('none' as const, 'TxT' as const),
        headInit: fc.constantFrom('independent' as const, 'same' as const),
        init: fc.constantFrom(...INIT_SCHEMES),
        exclusivity: fc.constantFrom('none' as const, 'exclusivity' as const, 'exclusion' as const),
        exclusivityFraction: dbl(0, 1),
        exclusivityGate: fc.constantFrom('mask' as const, 'pinned' as const),
        exclusivitySeed: int(0, MAX_SEED),
        safeGate: fc.constantFrom('softmax' as const, 'sigmoid' as const, 'lite' as const),
        moeK: int(1, 16),
        moeGate: fc.constantFrom('task' as const, 'embedding' as const, 'task-level' as const),
        moeNoise: fc.constantFrom('noisy' as const, 'none' as const),
        moeBalance: dbl(0, 1),
        inputsOff: fc.uniqueArray(fc.integer({ min: 0, max: MAX_FEATURE_INDEX }), { maxLength: 6 }),
        featureGroups: arbFeatureGroups,
        groupWidth: int(1, 64),
      }),
      train: fc.record({
        method: fc.oneof(fc.constantFrom('ew', 'pcgrad', 'cagrad', 'nash-mtl'), arbText(1)),
        methodOptions: arbOptions,
        lossTransform: fc.constantFrom(...LOSS_TRANSFORM_IDS),
        procedure: fc.constantFrom(...PROCEDURE_IDS),
        learningRate: dbl(LIMITS.learningRate.min, LIMITS.learningRate.max),
        batchSize: int(LIMITS.batchSize.min, LIMITS.batchSize.max),
        weightSeed: int(0, MAX_SEED),
      }),
    }),
);

export const arbId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/);

const arbRun: fc.Arbitrary<RunSpec> = fc.record(
  {
    label: arbText(1, 30).filter((s) => s.length <= 120),
    architecture: fc.constantFrom(...ARCHITECTURE_IDS),
    init: fc.constantFrom(...INIT_SCHEMES),
    method: arbText(1),
    methodOptions: arbOptions,
  },
  { requiredKeys: ['label'] },
);

export const arbLinkState: fc.Arbitrary<LinkState> = fc.record(
  {
    config: arbConfig,
    runs: fc.array(arbRun, { minLength: 1, maxLength: 4 }),
    views: fc.uniqueArray(arbId, { maxLength: 5 }),
    hidden: fc.uniqueArray(arbId, { minLength: 1, maxLength: 5 }),
    lesson: arbId,
  },
  { requiredKeys: ['config'] },
);
