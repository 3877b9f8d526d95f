/**
 * The three routers of the task-aware sparse MoE (seed-systems reference §7.2): what scores each
 * (example, task) pair gives the E experts, as per-task logits [T, B, E]. The noise scale of
 * noisy top-k is a second router of the same kind (prefix 'noise'), started at zero as in
 * Shazeer et al.'s code (so the noise starts at softplus(0) = ln 2).
 *
 *   task        h_t = W_t x + b_t: one gate per task (MMoE's, with top-k).
 *   embedding   h_t = W [x ; e_t] + b, written as W_x x + W_e e_t + b_x + b_e: one gate shared by
 *               every task, told the task by a learned embedding e_t (d_e = 8, shared by the gate
 *               and the noise). The table is stored shared [T, d_e] so the shared W_e can read it
 *               on every engine; task t's loss only reaches its own row.
 *   task-level  h_t = b_t: a learned logit vector per task, the same for every example
 *               (Kudugunta et al. 2021, "Task-MoE").
 */
import type { ModelConfig } from '../../../config/schema';
import type { Ops } from '../../ops';
import type { Init, ModelDims, ParamSpec } from '../../types';
import { linearSpecs } from '../../towers';

/** d_e, the task embedding's width (§7.2's default). */
export const TASK_EMBEDDING = 8;

export type RouterKind = ModelConfig['moeGate'];

const ZERO: Init = { layer: 'constant', value: 0 };

/** A layer's kernel and bias specs, with the noise router's zero start. */
function layer(
  name: string,
  inW: number,
  E: number,
  lead: number[],
  shared: boolean,
  zero: boolean,
) {
  const specs = linearSpecs(name, inW, E, lead, shared, 'gate');
  return zero ? specs.map((s) => ({ ...s, init: ZERO })) : specs;
}

/** The parameters of router `prefix` ('gate' or 'noise'). */
export function routerSpecs(
  kind: RouterKind,
  prefix: 'gate' | 'noise',
  dims: ModelDims,
  E: number,
): ParamSpec[] {
  const zero = prefix === 'noise';
  const T = dims.tasks;
  if (kind === 'task') return layer(prefix, dims.features, E, [T], false, zero);
  if (kind === 'task-level') {
    return [
      {
        name: `${prefix}/logits`,
        shape: [T, E],
        shared: false,
        init: zero ? ZERO : { layer: 'token' },
      },
    ];
  }
  const table: ParamSpec[] =
    prefix === 'gate'
      ? [
          {
            name: 'gate/embedding',
            shape: [T, TASK_EMBEDDING],
            shared: true,
            init: { layer: 'token' },
          },
        ]
      : [];
  return [
    ...layer(`${prefix}/input`, dims.features, E, [], true, zero),
    ...table,
    ...layer(`${prefix}/task`, TASK_EMBEDDING, E, [], true, zero),
  ];
}

/** Router `prefix`'s logits [T, B, E] for the input x [B, D]. */
export function routerLogits<V>(ops: Ops<V>, x: V, kind: RouterKind, prefix: string): V {
  if (kind === 'task') return ops.dense(x, prefix);
  if (kind === 'task-level') return ops.paramRows(`${prefix}/logits`, x);
  const fromInput = ops.repeat(ops.dense(x, `${prefix}/input`), ops.tasks, 1); // [T, B, E]
  const fromTask = ops.linear(ops.paramRows('gate/embedding', x), `${prefix}/task`); // [T, B, E]
  // Shared parameters all the way: task t reads its own copy of the sum.
  return ops.ownCopies(ops.add(fromInput, fromTask));
}
