/**
 * The fused engine's computation graph: activations as stacks [stacks, B, width] in the kernels'
 * memory, the ops between them, and where each op's backward writes.
 *
 * The forward always runs once (no copies of the shared parameters). The per-task backward
 * carries a copies axis on the gradients instead, as the lab's replicated trick does on tfjs
 * (src/core/train/gradients.ts) but without recomputing the forward T times: the gradient of a
 * tensor is laid out
 *   plain   one block per stack (weighted backward: every task's loss scaled by its weight);
 *   diag    one block per stack, stack s belonging to task ⌊s / (stacks / T)⌋ only (towers,
 *           gates: what reaches one task's loss);
 *   copies  T blocks per stack, copy c holding task c's gradient (the shared trunk, experts).
 * A layout pass chooses diag where every consumer allows it. Shared parameters then receive one
 * gradient per copy (row c of the Jacobian J [T, Ps]); a task-specific parameter only its own
 * task's copy, as in the replicated trick.
 */
import type { Buf, KernelMemory } from './kernels';
import type { ParamLayout, ParamSlot } from './params';

export type Layout = 'plain' | 'diag' | 'copies';

export class Node {
  /** Gradient layout of the per-task backward (set by the layout pass). */
  layout: Layout | null = null;
  grad: Buf | null = null;

  constructor(
    readonly stacks: number,
    readonly rows: number,
    readonly width: number,
    readonly value: Buf,
    readonly needsGrad: boolean,
  ) {}

  get block(): number {
    return this.rows * this.width;
  }
}

export type BackwardMode = 'weighted' | 'per-task';

/** Where the gradients of one backward go. */
export interface GradTarget {
  mode: BackwardMode;
  /** Flat gradient [P] (weighted mode: all parameters; per-task: task-specific ones). */
  g: Buf;
  /** J [T, Ps] (per-task mode). */
  J: Buf;
}

export interface Op {
  readonly inputs: Node[];
  readonly output: Node;
  forward(): void;
  backward(ctx: BackwardContext): void;
  /** The gradient layout this op gives input i when its output's layout is `out`. */
  propose(i: number, out: Layout): Layout;
}

export class BackwardContext {
  constructor(
    readonly km: KernelMemory,
    readonly T: number,
    readonly params: ParamLayout,
    readonly target: GradTarget,
    readonly scratch: Buf,
  ) {}

  layoutOf(n: Node): Layout {
    return this.target.mode === 'weighted' ? 'plain' : (n.layout ?? 'copies');
  }

  taskOf(n: Node, s: number): number {
    return Math.floor(s / (n.stacks / this.T));
  }

  /** The copies that hold a gradient block for stack s of n. */
  copiesOf(n: Node, s: number): number[] {
    const layout = this.layoutOf(n);
    if (layout === 'plain') return [0];
    if (layout === 'diag') return [this.taskOf(n, s)];
    return Array.from({ length: this.T }, (_, c) => c);
  }

  /** Byte pointer of copy c's gradient block of stack s of n. */
  gradBlock(n: Node, c: number, s: number): number {
    if (!n.grad) throw new Error('internal: gradient of a node without one');
    const layout = this.layoutOf(n);
    const index = layout === 'copies' ? c * n.stacks + s : s;
    if (layout === 'diag' && c !== this.taskOf(n, s)) {
      throw new Error('internal: a diag gradient read for another task');
    }
    return n.grad.ptr + index * n.block * 4;
  }

  /**
   * Byte pointer of copy c's gradient of `slot` at float offset e, or 0 when copy c does not
   * reach it (a task-specific parameter gets only its own task's copy).
   */
  paramGrad(slot: ParamSlot, c: number, e: number): number {
    const { g, J, mode } = this.target;
    if (mode === 'weighted') return g.ptr + (slot.offset + e) * 4;
    if (slot.spec.shared) return J.ptr + (c * this.params.sharedSize + slot.offset + e) * 4;
    const task = Math.floor(e / (slot.size / this.T));
    return task === c ? g.ptr + (slot.offset + e) * 4 : 0;
  }
}

/** Chooses each node's per-task layout from its consumers (reverse op order) and sizes grads. */
export function planLayouts(km: KernelMemory, ops: Op[], output: Node, T: number): void {
  output.layout = 'diag';
  for (let o = ops.length - 1; o >= 0; o--) {
    const op = ops[o];
    const out = op.output.layout ?? 'copies';
    op.inputs.forEach((input, i) => {
      if (!input.needsGrad) return;
      const proposed = op.propose(i, out);
      input.layout = input.layout === 'copies' || proposed === 'copies' ? 'copies' : proposed;
    });
  }
  const seen = new Set<Node>();
  for (const op of ops) {
    for (const n of [...op.inputs, op.output]) {
      if (seen.has(n) || !n.needsGrad) continue;
      seen.add(n);
      if (n.layout === 'diag' && n.stacks % T !== 0) n.layout = 'copies';
      n.grad = km.alloc(n.stacks * n.block * (n.layout === 'copies' ? T : 1));
    }
  }
}
