/**
 * Progressive layered extraction, shared by CGC (one level) and PLE (config.levels levels), as in
 * the original paper (mtl-methods reference §4.3–4.4). Every level has task experts (m_k per task)
 * and shared experts (m_s), each an MLP of config.hidden. Level 1 streams are all x. At each
 * level task k's gate (a linear map of its stream, with bias) mixes its own experts with the
 * shared ones; below the last level a shared stream's gate mixes ALL experts of the level
 * (every task's and the shared ones). The last level has no shared gate; towers read the task
 * streams.
 *
 * A parameter is task-specific (leading T axis) only if it reaches its own task alone. Below the
 * last level task experts and gates feed the shared stream (hence every task), so they are
 * stored stacked [T, ...] but marked shared.
 */
import type { ModelConfig } from '../../../config/schema';
import type { ExpertGroup, ModelDims, ParamSpec } from '../../types';
import type { GateMask, Ops } from '../../ops';
import {
  denseStack,
  inputGroup,
  joinDrawings,
  mixtureDrawing,
  towersDrawing,
  INPUT_GROUP,
  type NetworkDrawing,
} from '../../drawing';
import { closedCells, levelGateCells } from '../../exclusivity';
import { denseSpecs, linearSpecs, reluStack, towers, towerSpecs } from '../../towers';

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

/** The gate `prefix` on a stream: softmax of a linear map (MMoEEx closes cells of task gates). */
function gate<V>(ops: Ops<V>, prefix: string, stream: V, closed: GateMask | null = null): V {
  const weights = ops.softmax(ops.dense(stream, prefix), closed);
  ops.tap(`${prefix}/softmax`, weights);
  return weights;
}

export function progressiveForward<V>(
  ops: Ops<V>,
  x: V,
  config: ModelConfig,
  dims: ModelDims,
  levels: number,
): V {
  const T = dims.tasks;
  const mk = config.taskExperts;
  const ms = config.sharedExperts;
  const layers = config.hidden.length;
  // Experts stacked [..., m, in, out] on a stream [..., B, in] read by all m of them.
  const experts = (prefix: string, stream: V, m: number) =>
    reluStack(ops, ops.repeat(stream, 1, m), prefix, layers);
  // MMoEEx: the same closed cells on every level's task gates (exclusivity.ts).
  const closed = closedCells(levelGateCells(config, T), config);
  let taskStreams = ops.repeat(x, T, 1); // [T, B, in]
  let sharedStream = x; // [B, in]
  for (let j = 0; j < levels - 1; j++) {
    const taskEx = experts(`level${j}/task`, taskStreams, mk); // [T, mk, B, H]
    const sharedEx = experts(`level${j}/shared`, sharedStream, ms); // [ms, B, H]
    const candidates = ops.concat(taskEx, ops.repeat(sharedEx, T, 1), T); // [T, mk + ms, B, H]
    const taskGates = gate(ops, `level${j}/taskGate`, taskStreams, closed); // [T, B, mk + ms]
    taskStreams = ops.mixExperts(taskGates, candidates); // [T, B, H]
    const all = ops.concat(taskEx, sharedEx, 1); // [T mk + ms, B, H]
    sharedStream = ops.mixExperts(gate(ops, `level${j}/sharedGate`, sharedStream), all);
    ops.tap(`level${j}/taskMix`, taskStreams);
    ops.tap(`level${j}/sharedMix`, sharedStream);
  }
  const j = levels - 1;
  const own = ops.ownCopies(taskStreams); // [T, B, in]: from here on everything is per task
  const taskEx = experts(`level${j}/task`, own, mk); // [T, mk, B, H]
  const sharedEx = ops.alignCopies(experts(`level${j}/shared`, sharedStream, ms)); // [T, ms, B, H]
  const gates = gate(ops, `level${j}/taskGate`, own, closed); // [T, B, mk + ms]
  const mixed = ops.mixExperts(gates, ops.concat(taskEx, sharedEx, T));
  ops.tap(`level${j}/taskMix`, mixed);
  ops.gates(gates);
  return towers(ops, mixed, config);
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

/** The last level's experts for the diversity matrix: every task's own (task order), then the shared ones. */
export function progressiveExpertGroups(
  config: ModelConfig,
  dims: ModelDims,
  levels: number,
): ExpertGroup[] {
  const level = `level${levels - 1}`;
  const L = config.hidden.length - 1;
  return [
    {
      tap: `${level}/task/${L}`,
      count: dims.tasks * config.taskExperts,
      label: (e) =>
        `task ${Math.floor(e / config.taskExperts) + 1} expert ${(e % config.taskExperts) + 1}`,
    },
    { tap: `${level}/shared/${L}`, count: config.sharedExperts, label: (e) => `shared ${e + 1}` },
  ];
}
