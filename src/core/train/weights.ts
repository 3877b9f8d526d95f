/**
 * Weight export/import for a ModelState: names and shapes are the architecture's ParamSpecs, so
 * a file written by one trainer loads into any trainer of the same architecture and sizes.
 */
import { tf } from '../tf';
import type { ModelState } from './modelState';
import { sizeOf } from './modelState';

export interface WeightEntry {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** All parameters in spec order, downloaded in one readback. */
export async function exportVariables(model: ModelState): Promise<WeightEntry[]> {
  const flat = tf.tidy(() => tf.concat(model.variables.map((v) => tf.reshape(v, [-1]))));
  const data = (await flat.data()) as Float32Array;
  flat.dispose();
  let at = 0;
  return model.specs.map((s) => {
    const n = sizeOf(s.shape);
    const values = data.slice(at, at + n);
    at += n;
    return { name: s.name, shape: s.shape.slice(), values };
  });
}

/** Assign every parameter by name; throws (changing nothing) when a name or shape does not match. */
export function importVariables(model: ModelState, weights: WeightEntry[]): void {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const errors: string[] = [];
  model.specs.forEach((s) => {
    const w = byName.get(s.name);
    if (!w) errors.push(`missing weight "${s.name}"`);
    else if (w.shape.join('x') !== s.shape.join('x') || w.values.length !== sizeOf(s.shape)) {
      errors.push(
        `weight "${s.name}" has shape [${w.shape.join(', ')}], expected [${s.shape.join(', ')}]`,
      );
    }
  });
  if (errors.length) throw new Error(errors.join('; '));
  tf.tidy(() =>
    model.specs.forEach((s, i) => {
      const w = byName.get(s.name);
      if (w) model.variables[i].assign(tf.tensor(w.values, s.shape));
    }),
  );
}
