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
  alignLead,
  denseLayer,
  mixExperts,
  ownCopies,
  reluStack,
  repeatNew,
  type Params,
} from './layers';
import { gateOpenCells, maskGateLogits } from './exclusivity';
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
  return softmax(
    closed ? maskGateLogits(logits, closed.open, closed.config.exclusivityGate) : logits,
  );
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
  }
  const j = levels - 1;
  const own = ownCopies(taskStreams, T); // [T, B, in]: from here on everything is per task
  const taskEx = experts(params, `level${j}/task`, own, mk, layers); // [T, mk, B, H]
  const sharedEx = alignLead(experts(params, `level${j}/shared`, sharedStream, ms, layers), T); // [T, ms, B, H]
  const gates = gate(params, `level${j}/taskGate`, own, closed); // [T, B, mk + ms]
  const mixed = mixExperts(gates, tf.concat([taskEx, sharedEx], 1));
  return {
    outputs: applyTowers(params, mixed, config),
    representation: mixed as tf.Tensor3D,
    gates: tf.mean(gates, 1) as tf.Tensor2D,
  };
}
