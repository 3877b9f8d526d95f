/**
 * MultiTab-Net (multitab-bench reference §2.1–2.3), one encoder block:
 *   tokens     one learnable token per task, then each feature x_d embedded by its own
 *              Linear(1, e): [task_1..task_T, x_1 w_1 + b_1, ..., x_D w_D + b_D];
 *   inter-feature layer  pre-LN multi-head self-attention over the T + D tokens of a sample, with
 *              the T↛T mask when taskMask = 'TxT' (a task token attends to itself and to every
 *              feature, not to other task tokens), then a pre-LN GELU FFN (config.ffHidden);
 *   inter-sample layer   the released configs' rope=True form reduces to a per-sample dense
 *              mixing of the flattened (T + D) * e token vector (the softmax runs over a single
 *              key). MTL Lab keeps its pre-LN FFN part, x + FFN(LN(x)) with config.ffHidden
 *              units, and drops the value/output projections (two more (n e) x (n e) maps) so the
 *              parameter count stays linear in the number of features;
 *   towers     task t's tower reads task token t.
 * Task tokens reach every task through attention (features attend to them) and through the
 * inter-sample mixing, so everything except the towers is a shared parameter.
 * The attention report (ops.taskAttention) [T, D] is the mean (over examples and heads) attention
 * weight from each task token to each feature token.
 */
import type { ModelConfig } from '../../../config/schema';
import type { ArchitectureDefinition, LayerKind, ModelDims, ParamSpec } from '../../types';
import { linearSpecs, towers, towerSpecs } from '../../towers';
import {
  inputGroup,
  joinDrawings,
  towersDrawing,
  type DrawnEdge,
  type DrawnGroup,
} from '../../drawing';

function headDim(config: ModelConfig): number {
  return Math.ceil(config.embedDim / config.heads);
}

/** A shared layer of one type (`linear`, `attnIn`, `attnOut`): see init.ts for each scheme. */
function linear(name: string, inW: number, outW: number, layer: LayerKind = 'linear'): ParamSpec[] {
  return linearSpecs(name, inW, outW, [], true, layer);
}

function norm(name: string, width: number): ParamSpec[] {
  return [
    { name: `${name}/gain`, shape: [width], shared: true, init: { layer: 'norm', part: 'weight' } },
    { name: `${name}/bias`, shape: [width], shared: true, init: { layer: 'norm', part: 'bias' } },
  ];
}

/** Additive attention mask [n × n] (row-major): -1e9 where task query i may not see task key j != i. */
function taskMask(config: ModelConfig, dims: ModelDims): number[] {
  const T = dims.tasks;
  const n = T + dims.features;
  const m = new Array<number>(n * n).fill(0);
  if (config.taskMask === 'TxT') {
    for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) if (i !== j) m[i * n + j] = -1e9;
  }
  return m;
}

export const multitabNet: ArchitectureDefinition = {
  id: 'multitab-net',
  label: 'MultiTab-Net',
  summary:
    'A small transformer for tables: every feature becomes a token, and every task gets its own ' +
    'learnable token that gathers what it needs from the features by attention. Masking the task ' +
    "tokens from each other (T↛T) keeps one task's token from dominating another's.",
  citation:
    'Sinodinos, Armanfard et al., "MultiTab: A Scalable Foundation for Multitask Learning on Tabular Data", AAAI 2026.',
  uses: ['tower', 'embedDim', 'heads', 'ffHidden', 'taskMask'],
  activations: { attention: 'softmax', ffn: 'gelu', norm: 'layernorm', output: 'linear' },
  params(config, dims) {
    const e = config.embedDim;
    const inner = config.heads * headDim(config);
    const n = dims.tasks + dims.features;
    return [
      // One Linear(1, e) per feature, stored side by side: [D, e].
      {
        name: 'embed/kernel',
        shape: [dims.features, e],
        shared: true,
        init: { layer: 'linear', part: 'weight' },
        fan: [1, e],
      },
      {
        name: 'embed/bias',
        shape: [dims.features, e],
        shared: true,
        init: { layer: 'linear', part: 'bias' },
        fan: [1, e],
      },
      { name: 'taskTokens', shape: [dims.tasks, e], shared: true, init: { layer: 'token' } },
      ...norm('features/ln1', e),
      ...linear('features/query', e, inner, 'attnIn'),
      ...linear('features/key', e, inner, 'attnIn'),
      ...linear('features/value', e, inner, 'attnIn'),
      ...linear('features/out', inner, e, 'attnOut'),
      ...norm('features/ln2', e),
      ...linear('features/ffn0', e, config.ffHidden),
      ...linear('features/ffn1', config.ffHidden, e),
      ...norm('samples/ln', n * e),
      ...linear('samples/ffn0', n * e, config.ffHidden),
      ...linear('samples/ffn1', config.ffHidden, n * e),
      ...towerSpecs(config, dims, e),
    ];
  },
  forward(ops, x, config, dims) {
    const T = dims.tasks;
    let tokens = ops.tokens(x, 'embed', 'taskTokens'); // [B, T + D, e]

    // Inter-feature multi-head self-attention, pre-LN.
    const { context, weights } = ops.attention(ops.layerNorm(tokens, 'features/ln1'), {
      query: 'features/query',
      key: 'features/key',
      value: 'features/value',
      heads: config.heads,
      mask: taskMask(config, dims),
    });
    tokens = ops.add(tokens, ops.linear(context, 'features/out'));
    const z2 = ops.layerNorm(tokens, 'features/ln2');
    const ff = ops.linear(ops.gelu(ops.linear(z2, 'features/ffn0')), 'features/ffn1');
    tokens = ops.add(tokens, ff);

    // Inter-sample layer (rope form): per-sample mixing of all flattened tokens.
    const flat = ops.flattenTokens(tokens);
    const normed = ops.layerNorm(flat, 'samples/ln');
    const mix = ops.linear(ops.gelu(ops.linear(normed, 'samples/ffn0')), 'samples/ffn1');
    const taskOut = ops.firstTokens(ops.add(flat, mix), T, config.embedDim); // [T, B, e]

    // Per example, averaged over heads: each task token's attention to the features.
    ops.taskAttention(weights, 'attention');
    ops.tap('taskTokens', taskOut);
    return towers(ops, ops.ownCopies(taskOut), config);
  },
  drawing(config, dims) {
    // The encoder block is drawn by what it decides: each task token's attention over the
    // features (a gate over the inputs) and the token the task's tower reads.
    const groups: DrawnGroup[] = [inputGroup(dims)];
    const edges: DrawnEdge[] = [];
    const tokens = Array.from({ length: dims.tasks }, (_, t) => {
      const gate = `attention/t${t}`;
      const id = `tokens/t${t}`;
      groups.push(
        {
          id: gate,
          kind: 'gate',
          layer: 1,
          task: t,
          units: dims.features,
          label: `task ${t + 1} attention`,
          tap: 'attention',
          slot: t,
        },
        {
          id,
          kind: 'hidden',
          layer: 2,
          task: t,
          units: config.embedDim,
          label: `task ${t + 1} token`,
          tap: 'taskTokens',
          slot: t,
        },
      );
      for (let d = 0; d < dims.features; d++) {
        edges.push({
          from: 'input',
          fromUnit: d,
          to: id,
          weights: { kind: 'gate', gate, unit: d },
        });
      }
      return id;
    });
    return joinDrawings({ groups, edges }, towersDrawing(config, dims, tokens, 3));
  },
};
