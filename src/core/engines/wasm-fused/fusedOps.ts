/**
 * The fused engine's `Ops` (src/core/model/ops.ts): each op appends its node to the graph being
 * built (builder.ts), so the fused engine runs every architecture's own forward. The dense-layer
 * vocabulary is here; MultiTab-Net's pieces and MMoEEx's gate mask are not, and `supports`
 * (engine.ts) finds that out by tracing the forward (model/opsTrace.ts) before a build.
 */
import type { Ops } from '../../model/ops';
import type { OpUse } from '../../model/opsTrace';
import type { GraphBuilder } from './builder';
import type { Node } from './graph';

/** The ops this engine has (the rest throw; `supports` refuses such architectures first). */
export const FUSED_OPS: ReadonlySet<OpUse> = new Set<OpUse>([
  'dense',
  'repeat',
  'concat',
  'softmax',
  'mixExperts',
  'ownCopies',
  'alignCopies',
  'stitch',
  'representation',
  'gates',
  'tap',
]);

function lacks(op: string): never {
  throw new Error(`the fused wasm engine has no ${op}`);
}

export function fusedOps(g: GraphBuilder): Ops<Node> {
  return {
    tasks: g.T,
    dense: (h, prefix, activation = 'linear') => g.dense(h, prefix, activation === 'relu'),
    repeat: (v, outer, inner) => g.repeat(v, outer, inner),
    concat: (a, b, groups) => g.concat(a, b, groups),
    softmax(logits, closed) {
      if (closed) lacks("MMoEEx's gate mask (exclusivity / exclusion)");
      return g.softmax(logits);
    },
    mixExperts: (gates, experts) => g.mix(gates, experts),
    ownCopies: (v) => g.ownCopies(v),
    // No copies axis here: the forward runs once, so every task reads the one value.
    alignCopies: (v) => g.repeat(v, g.T, 1),
    paramRows: () => lacks('parameters repeated over the batch (gate constants)'),
    sigmoid: () => lacks('sigmoid'),
    topK: () => lacks('top-k routing'),
    gateNoise: () => lacks('noisy gating'),
    hardGate: () => lacks('the hard-Gumbel gate'),
    loadBalance: () => lacks('the load-balancing loss'),
    stitch: (h, name) => g.stitch(h, name),
    representation: (z) => g.representation(z),
    gates(gates) {
      g.gates = gates;
    },
    tap: () => undefined, // the network view draws from the tfjs engine
    tokens: () => lacks('token tables'),
    linear: () => lacks('per-token Linear layers'),
    layerNorm: () => lacks('layer norm'),
    gelu: () => lacks('GELU'),
    add: () => lacks('elementwise add'),
    attention: () => lacks('attention'),
    taskAttention: () => lacks('attention'),
    flattenTokens: () => lacks('token reshapes'),
    firstTokens: () => lacks('token reshapes'),
    gatherUnits: () => lacks('feature-group column selection'),
    concatUnits: () => lacks('feature-group concatenation'),
  };
}
