/** The data side's public API: generator, validation, statistics and CSV import/export. */
export * from './types';
export { createRng, permutation, Rng } from './random';
export {
  equicorrelationMatrix,
  isPositiveSemidefinite,
  minEigenvalue,
  nearestCorrelation,
  similarityFromConfig,
  squareRootFactor,
} from './similarity';
export { generateDataset, splitSizes } from './generator';
export { parseDataConfig, suggestSimilarity, validateDataConfig } from './validateData';
export { labelMoments, type LabelMoments } from './moments';
export * from './stats';
export * from './csv';
