/**
 * Progressive layered extraction, shared by CGC (one level) and PLE (config.levels levels), as in
 * the original paper (mtl-methods reference §4.3–4.4). Every level has task experts (m_k per task)
 * and shared experts (m_s), each an MLP of config.hidden. Level 1 streams are all x. At each
 * level task k's gate (a linear map of its stream, with bias) mixes its own experts with the
 * shared ones; below the last level a shared stream's gate mixes ALL experts of the level
 * (every task's and the shared ones). The last level has no shared gate; towers read the task
 * streams.
 *
 * Copies convention: a parameter is task-specific (leading T axis, passed unchanged) only if it
 * reaches its own task alone. Below the last level task experts and gates feed the shared stream
 * (hence every task), so they are stored stacked [T, ...] but marked shared and get a copies axis.
 */
import { softmax } from '../gpu/softmax';
import { tf } from '../tf';
import type { ModelConfig } from '../config/schema';
import type { ForwardResult, ModelDims, ParamSpec } from './types';
import {
  denseStack,
  inputGroup,
  joinDrawings,
  mixtureDrawing,
  towersDrawing,
  INPUT_GROUP,
  type NetworkDrawing,
} from './drawing';
import {
  alignLead,
  denseLayer,
  mixExperts,
  ownCopies,
  reluStack,
  repeatNew,
  type Params,
} from './layers';
import { gateOpenCells, maskGateLogits } from './exclusivity';
import { tap } from './activationTap';
import { applyTowers, denseSpecs, linearSpecs, towerSpecs } from './towers';

function gateSpecs(
  prefix: string,
  lead: number[],
  inW: number,
  experts: number,
  shared: boolean,
): ParamSpec[] {
  return linearSpecs(prefix, inW, experts, lead, shared, 'gate');
}

export function progressiveParams(
  config: ModelConfig,
  dims: ModelDims,
  levels: number,
): ParamSpec[] {
  const T = dims.tasks;
  const mk = config.taskExperts;
  const ms = config.sharedExperts;
  const H = config.hidden[config.hidden.length - 1];
  const specs: ParamSpec[] = [];
  for (let j = 0; j < levels; j++) {
    const inW = j === 0 ? dims.features : H;
    const last = j === levels - 1;
    specs.push(
      ...denseSpecs(`level${j}/task`, [inW, ...config.hidden], [T, mk], !last),
      ...denseSpecs(`level${j}/shared`, [inW, ...config.hidden], [ms], true),
      ...gateSpecs(`level${j}/taskGate`, [T], inW, mk + ms, !last),
    );
    if (!last) specs.push(...gateSpecs(`level${j}/sharedGate`, [], inW, T * mk + ms, true));
  }
  return [...specs, ...towerSpecs(config, dims, H)];
}

function gate(
  params: Params,
  prefix: string,
  stream: tf.Tensor,
  closed?: { open: number[][] | null; config: ModelConfig },
): tf.Tensor {
  const logits = denseLayer(stream, params, prefix);
  const weights = softmax(
    closed ? maskGateLogits(logits, closed.open, closed.config.exclusivityGate) : logits,
  );
  tap(params, `${prefix}/softmax`, weights);
  return weights;
}

/** Run experts stacked [..., m, in, out] on a stream [..., B, in] broadcast over the m axis. */
function experts(
  params: Params,
  prefix: string,
  stream: tf.Tensor,
  m: number,
  layers: number,
): tf.Tensor {
  return reluStack(repeatNew(stream, stream.rank - 2, m), params, prefix, layers);
}

export function progressiveForward(
  params: Params,
  x: tf.Tensor3D,
  config: ModelConfig,
  dims: ModelDims,
  levels: number,
): ForwardResult {
  const T = dims.tasks;
  const mk = config.taskExperts;
  const ms = config.sharedExperts;
  const layers = config.hidden.length;
  const [C, B] = x.shape;
  // MMoEEx: the same closed cells on every level's task gates (exclusivity.ts).
  const closed = { open: gateOpenCells('cgc', config, T), config };
  let taskStreams: tf.Tensor = repeatNew(x, 1, T); // [C, T, B, in]
  let sharedStream: tf.Tensor = x; // [C, B, in]
  for (let j = 0; j < levels - 1; j++) {
    const taskEx = experts(params, `level${j}/task`, taskStreams, mk, layers); // [C, T, mk, B, H]
    const sharedEx = experts(params, `level${j}/shared`, sharedStream, ms, layers); // [C, ms, B, H]
    const H = config.hidden[layers - 1];
    const candidates = tf.concat([taskEx, repeatNew(sharedEx, 1, T)], 2);
    const taskGates = gate(params, `level${j}/taskGate`, taskStreams, closed); // [C, T, B, mk + ms]
    taskStreams = tf.reshape(
      mixExperts(
        tf.reshape(taskGates, [C * T, B, mk + ms]),
        tf.reshape(candidates, [C * T, mk + ms, B, H]),
      ),
      [C, T, B, H],
    );
    const all = tf.concat([tf.reshape(taskEx, [C, T * mk, B, H]), sharedEx], 1);
    sharedStream = mixExperts(gate(params, `level${j}/sharedGate`, sharedStream), all);
    tap(params, `level${j}/taskMix`, taskStreams);
    tap(params, `level${j}/sharedMix`, sharedStream);
  }
  const j = levels - 1;
  const own = ownCopies(taskStreams, T); // [T, B, in]: from here on everything is per task
  const taskEx = experts(params, `level${j}/task`, own, mk, layers); // [T, mk, B, H]
  const sharedEx = alignLead(experts(params, `level${j}/shared`, sharedStream, ms, layers), T); // [T, ms, B, H]
  const gates = gate(params, `level${j}/taskGate`, own, closed); // [T, B, mk + ms]
  const mixed = mixExperts(gates, tf.concat([taskEx, sharedEx], 1));
  tap(params, `level${j}/taskMix`, mixed);
  return {
    outputs: applyTowers(params, mixed, config),
    representation: mixed as tf.Tensor3D,
    gates: tf.mean(gates, 1) as tf.Tensor2D,
  };
}

/**
 * The drawing of `levels` levels: per level, task experts (per task), shared experts, each task's
 * gate and mixture, and below the last level the shared gate and stream.
 */
export function progressiveDrawing(
  config: ModelConfig,
  dims: ModelDims,
  levels: number,
): NetworkDrawing {
  const T = dims.tasks;
  const mk = config.taskExperts;
  const ms = config.sharedExperts;
  const L = config.hidden.length;
  const H = config.hidden[L - 1];
  const parts: NetworkDrawing[] = [{ groups: [inputGroup(dims)], edges: [] }];
  let taskStreams: string[] = Array(T).fill(INPUT_GROUP);
  let sharedStream = INPUT_GROUP;
  for (let j = 0; j < levels; j++) {
    const first = 1 + j * (L + 2);
    const lv = `level ${j + 1}`;
    const taskEx = Array.from({ length: T }, (_, t) =>
      Array.from({ length: mk }, (_, k) => {
        const stack = denseStack({
          prefix: `level${j}/task`,
          widths: config.hidden,
          from: taskStreams[t],
          firstLayer: first,
          slot: t * mk + k,
          kind: 'expert',
          task: t,
          id: (l) => `level${j}/task/${l}/t${t}e${k}`,
          label: (l) => `${lv} task ${t + 1} expert ${k + 1} layer ${l + 1}`,
        });
        parts.push(stack);
        return stack.last;
      }),
    );
    const sharedEx = Array.from({ length: ms }, (_, k) => {
      const stack = denseStack({
        prefix: `level${j}/shared`,
        widths: config.hidden,
        from: sharedStream,
        firstLayer: first,
        slot: k,
        kind: 'expert',
        id: (l) => `level${j}/shared/${l}/e${k}`,
        label: (l) => `${lv} shared expert ${k + 1} layer ${l + 1}`,
      });
      parts.push(stack);
      return stack.last;
    });
    const nextTask = taskStreams.map((stream, t) => {
      parts.push(
        mixtureDrawing({
          gateId: `level${j}/gate/t${t}`,
          gatePrefix: `level${j}/taskGate`,
          gateTap: `level${j}/taskGate/softmax`,
          mixId: `level${j}/mix/t${t}`,
          mixTap: `level${j}/taskMix`,
          slot: t,
          stream,
          experts: [...taskEx[t], ...sharedEx],
          units: H,
          layer: first + L,
          task: t,
          label: `${lv} task ${t + 1}`,
        }),
      );
      return `level${j}/mix/t${t}`;
    });
    if (j < levels - 1) {
      parts.push(
        mixtureDrawing({
          gateId: `level${j}/gate/shared`,
          gatePrefix: `level${j}/sharedGate`,
          gateTap: `level${j}/sharedGate/softmax`,
          mixId: `level${j}/mix/shared`,
          mixTap: `level${j}/sharedMix`,
          slot: 0,
          stream: sharedStream,
          experts: [...taskEx.flat(), ...sharedEx],
          units: H,
          layer: first + L,
          label: `${lv} shared`,
        }),
      );
      sharedStream = `level${j}/mix/shared`;
    }
    taskStreams = nextTask;
  }
  parts.push(towersDrawing(config, dims, taskStreams, 1 + levels * (L + 2)));
  return joinDrawings(...parts);
}
