/**
 * Reading a forward pass's intermediate activations, for the network view: a params record made
 * by `tappedParams` remembers every activation an architecture reports with `tap` (each dense
 * layer reports itself; architectures report their own mixtures, gates and tokens). A record
 * that was not made here records nothing, so training pays one WeakMap lookup per layer.
 *
 * Layout of a tapped tensor: [...lead, B, U] (lead = the stacking axes in front, copies first),
 * so `slot` in a drawing is a flat index over the lead axes.
 */
import type { tf } from '../../tf';

/** A forward's parameter record (layers.ts's Params, written out here to keep the import one-way). */
type Params = Record<string, tf.Tensor>;

const sinks = new WeakMap<Params, Map<string, tf.Tensor>>();

/** A copy of `params` whose forward records its activations into the returned map. */
export function tappedParams(params: Params): { params: Params; taps: Map<string, tf.Tensor> } {
  const copy: Params = { ...params };
  const taps = new Map<string, tf.Tensor>();
  sinks.set(copy, taps);
  return { params: copy, taps };
}

/** Report activation `value` under `name` (a later report of the same name replaces it). */
export function tap(params: Params, name: string, value: tf.Tensor): void {
  sinks.get(params)?.set(name, value);
}
