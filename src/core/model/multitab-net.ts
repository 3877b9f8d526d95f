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
 * ForwardResult.attention [T, D] is the mean (over examples and heads) attention weight from
 * each task token to each feature token.
 */
import { softmax } from '../gpu/softmax';
import { tf } from '../tf';
import type { ModelConfig } from '../config/schema';
import type { ArchitectureDefinition, LayerKind, ModelDims, ParamSpec } from './types';
import { denseLayer, gelu, layerNorm, ownCopies, param, repeatNew, type Params } from './layers';
import { applyTowers, linearSpecs, towerSpecs } from './towers';
import { tap } from './activationTap';
import {
  inputGroup,
  joinDrawings,
  towersDrawing,
  type DrawnEdge,
  type DrawnGroup,
} from './drawing';

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

/** Additive attention mask [n, n]: -1e9 where task query i may not see task key j != i. */
function taskMask(config: ModelConfig, dims: ModelDims): tf.Tensor2D {
  const T = dims.tasks;
  const n = T + dims.features;
  const m = new Float32Array(n * n);
  if (config.taskMask === 'TxT') {
    for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) if (i !== j) m[i * n + j] = -1e9;
  }
  return tf.tensor2d(m, [n, n]);
}

/** Apply a shared Linear to h [C, R, in] (R = any rows). */
function dense(params: Params, name: string, h: tf.Tensor): tf.Tensor {
  return denseLayer(h, params, name);
}

function normalize(params: Params, name: string, h: tf.Tensor): tf.Tensor {
  const C = h.shape[0];
  const w = h.shape[h.rank - 1];
  const shape = [C, ...h.shape.slice(1, -1).map(() => 1), w];
  return layerNorm(
    h,
    tf.reshape(param(params, `${name}/gain`), shape),
    tf.reshape(param(params, `${name}/bias`), shape),
  );
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
  forward(params, x, config, dims) {
    const T = dims.tasks;
    const [C, B, D] = x.shape;
    const e = config.embedDim;
    const h = config.heads;
    const dk = headDim(config);
    const n = T + D;
    const feats = tf.add(
      tf.mul(tf.expandDims(x, 3), tf.expandDims(param(params, 'embed/kernel'), 1)),
      tf.expandDims(param(params, 'embed/bias'), 1),
    ); // [C, B, D, e]
    const taskTok = repeatNew(param(params, 'taskTokens'), 1, B);
    let tokens: tf.Tensor = tf.concat([taskTok, feats], 2); // [C, B, n, e]

    // Inter-feature multi-head self-attention, pre-LN.
    const z = tf.reshape(normalize(params, 'features/ln1', tokens), [C, B * n, e]);
    const heads = (name: string) =>
      tf.reshape(
        tf.transpose(tf.reshape(dense(params, name, z), [C, B, n, h, dk]), [0, 1, 3, 2, 4]),
        [C * B * h, n, dk],
      );
    const scores = tf.add(
      tf.mul(
        tf.matMul(heads('features/query'), heads('features/key'), false, true),
        1 / Math.sqrt(dk),
      ),
      taskMask(config, dims),
    );
    const attn = softmax(scores); // [C B h, n, n]
    const context = tf.reshape(
      tf.transpose(
        tf.reshape(tf.matMul(attn, heads('features/value')), [C, B, h, n, dk]),
        [0, 1, 3, 2, 4],
      ),
      [C, B * n, h * dk],
    );
    tokens = tf.add(tokens, tf.reshape(dense(params, 'features/out', context), [C, B, n, e]));
    const z2 = tf.reshape(normalize(params, 'features/ln2', tokens), [C, B * n, e]);
    const ff = dense(params, 'features/ffn1', gelu(dense(params, 'features/ffn0', z2)));
    tokens = tf.add(tokens, tf.reshape(ff, [C, B, n, e]));

    // Inter-sample layer (rope form): per-sample mixing of all flattened tokens.
    const flat = tf.reshape(tokens, [C, B, n * e]);
    const mix = dense(
      params,
      'samples/ffn1',
      gelu(dense(params, 'samples/ffn0', normalize(params, 'samples/ln', flat))),
    );
    tokens = tf.reshape(tf.add(flat, mix), [C, B, n, e]);

    const taskOut = tf.transpose(tf.slice(tokens, [0, 0, 0, 0], [C, B, T, e]), [0, 2, 1, 3]); // [C, T, B, e]
    const toFeatures = tf.slice(
      tf.reshape(attn, [C, B, h, n, n]),
      [0, 0, 0, 0, T],
      [C, B, h, T, D],
    );
    const attention = ownCopies(tf.mean(toFeatures, [1, 2]), T) as tf.Tensor2D; // [T, D]
    // Per example, averaged over heads: [C, T, B, D], and the task tokens [C, T, B, e].
    tap(params, 'attention', tf.transpose(tf.mean(toFeatures, 2), [0, 2, 1, 3]));
    tap(params, 'taskTokens', taskOut);
    const rep = ownCopies(taskOut, T) as tf.Tensor3D;
    return { outputs: applyTowers(params, rep, config), representation: rep, attention };
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
