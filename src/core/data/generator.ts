/**
 * MultiTab-Bench, the synthetic multi-task generator of the MultiTab paper (AAAI 2026), as
 * specified in /work/shared/reference/multitab-bench.md §1.3:
 *   U  = T x D Gaussian, rows orthonormalised by modified Gram–Schmidt;
 *   P  = (1 - rho) I + rho 11ᵀ (or the config's full matrix);
 *   W  = A U with A Aᵀ = P, so W Wᵀ = P and every row of W is a unit vector;
 *   X  ~ N(0, 1), N x D;  z_i = X w_iᵀ;  y_i = Σ_{k=1..d_i} z_i^k + σ_i ε_i.
 *
 * Unlike the released code (which evaluates on its training data, §1.6), the test split is a
 * real held-out set: fresh X and noise under the same W. Every random draw comes from a named
 * sub-stream of the config's seed, so the same config always gives the same data.
 *
 * MTL Lab extensions (not in MultiTab-Bench), each off by default: per-task label `scale`,
 * binary / multiclass tasks by thresholding the latent score, partially labelled tasks,
 * irrelevant feature columns and equicorrelated features.
 */
import type { DataConfig, TaskSpec } from '../config/schema';
import { drawFeatures, gaussianMatrix, matmul, orthonormalRows } from './features';
import { binaryCuts, classOf, labelledRows, latentScores, multiclassCuts } from './labels';
import { createRng } from './random';
import { similarityFromConfig, squareRootFactor } from './similarity';
import type { Dataset, Split, TaskInfo } from './types';
import { parseDataConfig } from './validateData';

/** Row counts of the two splits: train = round(N·(1 - testFraction)), test = the rest. */
export function splitSizes(samples: number, testFraction: number): { train: number; test: number } {
  const train = Math.round(samples * (1 - testFraction));
  return { train, test: samples - train };
}

/** Names of the sub-streams; fixed strings so that a seed means the same data in every release. */
const STREAMS = {
  basis: 'basis',
  trainFeatures: 'train/features',
  trainNoise: 'train/noise',
  testFeatures: 'test/features',
  testNoise: 'test/noise',
  labelMask: 'train/label-mask',
} as const;

/** The generator's weight matrix W = A U (T x D) for a validated config. */
export function weightMatrix(config: DataConfig, similarity: number[][]): number[][] {
  const basis = orthonormalRows(
    gaussianMatrix(config.tasks, config.features, createRng(config.seed, STREAMS.basis)),
  );
  return matmul(squareRootFactor(similarity), basis);
}

/** The one task naming of generated data, used by every chart, table, link message and export. */
export function generatedTaskName(index: number): string {
  return `task_${index}`;
}

function taskInfo(spec: TaskSpec, index: number): TaskInfo {
  return {
    name: generatedTaskName(index),
    kind: spec.kind,
    outputs: spec.kind === 'multiclass' ? spec.classes : 1,
  };
}

/** Cut points of each classification task, fitted on the training scores; [] for regression. */
function fitThresholds(specs: TaskSpec[], trainScores: Float64Array[]): number[][] {
  return specs.map((spec, t) => {
    if (spec.kind === 'binary') return binaryCuts(trainScores[t], spec.positiveRate);
    if (spec.kind === 'multiclass') return multiclassCuts(trainScores[t], spec.classes);
    return [];
  });
}

/** Turn latent scores into stored labels: scaled regression values or class indices. */
function labelsFromScores(
  scores: Float64Array[],
  specs: TaskSpec[],
  thresholds: number[][],
  rows: number,
): Float32Array {
  const T = specs.length;
  const y = new Float32Array(rows * T);
  specs.forEach((spec, t) => {
    const s = scores[t];
    for (let r = 0; r < rows; r++) {
      // MTL Lab extension: `scale` multiplies regression labels only (class indices stay 0..C-1).
      y[r * T + t] = spec.kind === 'regression' ? spec.scale * s[r] : classOf(s[r], thresholds[t]);
    }
  });
  return y;
}

/**
 * MTL Lab extension: low-resource tasks. Row-major rows x tasks mask (1 = labelled), or
 * undefined when every task is fully labelled. Unlabelled labels are zeroed so that a missing
 * mask check in a loss cannot silently train on them with their true values.
 */
function applyLabelMask(
  y: Float32Array,
  specs: TaskSpec[],
  rows: number,
  seed: number,
): Uint8Array | undefined {
  if (specs.every((spec) => spec.labelledFraction >= 1)) return undefined;
  const T = specs.length;
  const mask = new Uint8Array(rows * T);
  const rng = createRng(seed, STREAMS.labelMask);
  specs.forEach((spec, t) => {
    const rowsWithLabel = labelledRows(rows, spec.labelledFraction, rng);
    for (let r = 0; r < rows; r++) {
      mask[r * T + t] = rowsWithLabel[r];
      if (!rowsWithLabel[r]) y[r * T + t] = 0;
    }
  });
  return mask;
}

interface SplitDraw {
  x: Float32Array;
  scores: Float64Array[];
}

function drawSplit(
  config: DataConfig,
  weights: number[][],
  rows: number,
  streams: { features: string; noise: string },
): SplitDraw {
  const columns = config.features + config.irrelevantFeatures;
  const x = drawFeatures(
    rows,
    columns,
    config.featureCorrelation,
    createRng(config.seed, streams.features),
  );
  const scores = latentScores(
    x,
    rows,
    columns,
    weights,
    config.taskSpecs.map((s) => s.degree),
    config.taskSpecs.map((s) => s.noise),
    createRng(config.seed, streams.noise),
  );
  return { x, scores };
}

/**
 * Generate a dataset from a generator config. Throws ConfigError (messages say what to change)
 * when the config is invalid. Missing optional fields take the schema's defaults.
 */
export function generateDataset(input: DataConfig): Dataset {
  const config = parseDataConfig(input);
  const similarity = similarityFromConfig(config);
  const weights = weightMatrix(config, similarity);
  const sizes = splitSizes(config.samples, config.testFraction);
  const specs = config.taskSpecs;

  const trainDraw = drawSplit(config, weights, sizes.train, {
    features: STREAMS.trainFeatures,
    noise: STREAMS.trainNoise,
  });
  const testDraw = drawSplit(config, weights, sizes.test, {
    features: STREAMS.testFeatures,
    noise: STREAMS.testNoise,
  });
  // Thresholds come from the train split only and are reused for test, as a model would see.
  const thresholds = fitThresholds(specs, trainDraw.scores);

  const trainY = labelsFromScores(trainDraw.scores, specs, thresholds, sizes.train);
  const train: Split = { rows: sizes.train, x: trainDraw.x, y: trainY };
  const mask = applyLabelMask(trainY, specs, sizes.train, config.seed);
  if (mask) train.mask = mask;
  const test: Split = {
    rows: sizes.test,
    x: testDraw.x,
    y: labelsFromScores(testDraw.scores, specs, thresholds, sizes.test),
  };

  const columns = config.features + config.irrelevantFeatures;
  return {
    features: columns,
    tasks: specs.map(taskInfo),
    train,
    test,
    source: { kind: 'generator', config, weights, similarity, thresholds },
    featureMean: new Array<number>(columns).fill(0),
    featureStd: new Array<number>(columns).fill(1),
  };
}
