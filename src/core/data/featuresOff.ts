/**
 * Input features switched off on the network diagram (config model.inputsOff, issue 18 §4): the
 * network sees such a feature at its train mean, which is 0 once standardised, in training,
 * evaluation, predictions and the network view. It is applied once, to the dataset a trainer is
 * created from (train/trainer.ts createTrainer), so every engine (tfjs backends, wasm-fused)
 * trains on the same zeroed columns; rows handed in later (predictions of new data, the view's
 * grid) go through `switchOffRows` with the list the dataset carries.
 */
import type { Plane } from '../network/plane';
import type { Dataset, Split } from './types';

/** Messages for switched-off indices the data does not have (empty when all exist). */
export function inputsOffErrors(off: readonly number[], features: number): string[] {
  const missing = off.filter((i) => i >= features);
  if (missing.length === 0) return [];
  const named = missing.map((i) => `x${i + 1}`).join(', ');
  return [
    `model.inputsOff: switches off ${named}, but the data has only ${features} feature${features === 1 ? '' : 's'} (x1 to x${features}); switch ${missing.length === 1 ? 'it' : 'them'} back on or use data with more features.`,
  ];
}

/** A copy of row-major rows x D values with the switched-off columns set to 0. */
export function switchOffRows(x: Float32Array, D: number, off: readonly number[]): Float32Array {
  const out = Float32Array.from(x);
  if (off.length === 0) return out;
  for (let row = 0; row < out.length; row += D) for (const c of off) out[row + c] = 0;
  return out;
}

function switchOffSplit(split: Split, D: number, off: readonly number[]): Split {
  return { ...split, x: switchOffRows(split.x, D, off) };
}

/**
 * The dataset as the network sees it: switched-off columns zeroed in both splits and the list
 * kept as `inputsOff` for rows handed in later. Throws the person-readable message of
 * `inputsOffErrors` for an index the data lacks. The same dataset is returned when none is off.
 */
export function switchOffFeatures(dataset: Dataset, off: readonly number[]): Dataset {
  const errors = inputsOffErrors(off, dataset.features);
  if (errors.length) throw new Error(errors.join('\n'));
  if (off.length === 0) return dataset;
  const D = dataset.features;
  return {
    ...dataset,
    train: switchOffSplit(dataset.train, D, off),
    test: switchOffSplit(dataset.test, D, off),
    inputsOff: [...off].sort((a, b) => a - b),
  };
}

/** Rows handed to a trainer (new data, a plane's grid) as the network sees them. */
export function visibleSplit(dataset: Dataset, split: Split): Split {
  const off = dataset.inputsOff ?? [];
  return off.length ? switchOffSplit(split, dataset.features, off) : split;
}

/** A plane of the network view whose grid holds the switched-off features at 0, as in training. */
export function visiblePlane(dataset: Dataset, plane: Plane): Plane {
  const off = dataset.inputsOff ?? [];
  if (off.length === 0) return plane;
  const zero = (values: number[]) => values.map((v, d) => (off.includes(d) ? 0 : v));
  return {
    ...plane,
    origin: zero(plane.origin),
    u: zero(plane.u),
    v: zero(plane.v),
    inputsOff: [...off],
  };
}
