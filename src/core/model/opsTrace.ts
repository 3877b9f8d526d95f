/**
 * Which `Ops` an architecture's forward uses, found by running it on placeholders (no engine, no
 * numbers): an engine that lacks some op says so before it builds anything (engine `supports`).
 */
import { defaultConfig } from '../config/defaults';
import type { ModelConfig } from '../config/schema';
import type { OpName, Ops } from './ops';
import type { ArchitectureDefinition, ModelDims } from './types';

/** An op, or `gateMask`: a softmax with MMoEEx's closed cells (an option, not an op of its own). */
export type OpUse = OpName | 'gateMask';

/** A placeholder value: the trace records ops, not shapes. */
interface Traced {
  readonly traced: true;
}

const DIMS: ModelDims = { features: 3, tasks: 2, outputs: [1, 1] };

/**
 * The ops `arch`'s forward calls for `config` and `dims` (by default the lab's default model on
 * three features and two tasks; give the run's model options where they decide an op, as
 * MMoEEx's exclusivity decides the gate mask).
 */
export function opsUsed(
  arch: ArchitectureDefinition,
  config: ModelConfig = defaultConfig().model,
  dims: ModelDims = DIMS,
): Set<OpUse> {
  const used = new Set<OpUse>();
  const value: Traced = { traced: true };
  const op =
    (name: OpName) =>
    (..._args: unknown[]): Traced => {
      used.add(name);
      return value;
    };
  const mark = (name: OpName) => (): void => {
    used.add(name);
  };
  const ops: Ops<Traced> = {
    tasks: dims.tasks,
    dense: op('dense'),
    repeat: op('repeat'),
    concat: op('concat'),
    softmax(_logits, closed) {
      used.add('softmax');
      if (closed) used.add('gateMask');
      return value;
    },
    mixExperts: op('mixExperts'),
    ownCopies: op('ownCopies'),
    alignCopies: op('alignCopies'),
    paramRows: op('paramRows'),
    sigmoid: op('sigmoid'),
    topK: op('topK'),
    gateNoise: op('gateNoise'),
    hardGate: op('hardGate'),
    loadBalance: mark('loadBalance'),
    stitch: op('stitch'),
    representation: mark('representation'),
    gates: mark('gates'),
    tap: mark('tap'),
    tokens: op('tokens'),
    linear: op('linear'),
    layerNorm: op('layerNorm'),
    gelu: op('gelu'),
    add: op('add'),
    attention() {
      used.add('attention');
      return { context: value, weights: value };
    },
    taskAttention: mark('taskAttention'),
    flattenTokens: op('flattenTokens'),
    firstTokens: op('firstTokens'),
    gatherUnits: op('gatherUnits'),
    concatUnits: op('concatUnits'),
  };
  arch.forward(ops, value, config, dims);
  return used;
}
