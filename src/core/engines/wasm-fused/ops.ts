/**
 * The ops of the dense-layer architectures, each with its forward and its copy-aware backward
 * (see graph.ts for the gradient layouts). Shapes follow src/core/model/layers.ts with the copies
 * axis dropped: a node is [stacks, B, width].
 */
import type { Buf, KernelMemory } from './kernels';
import { Node, type BackwardContext, type Layout, type Op } from './graph';
import type { ParamSlot } from './params';

const F = 4;

/** diag for an input of `stacks` stacks when the output is diag and the grouping keeps tasks. */
function keep(out: Layout, stacks: number, T: number, ok = true): Layout {
  return out === 'diag' && ok && stacks % T === 0 ? 'diag' : 'copies';
}

/**
 * act(h W + b) for h [S, B, in], W [n, in, out], b [n, out]: stack k reads h[⌊k / (n/S)⌋].
 * Backward per stack and copy: dW += hᵀ·dPre (Aᵀ·B), db += Σ_rows dPre, dh += dPre·Wᵀ (A·Bᵀ).
 */
export class DenseOp implements Op {
  readonly inputs: Node[];
  private readonly n: number;
  private readonly inW: number;
  private readonly outW: number;

  constructor(
    private readonly km: KernelMemory,
    private readonly T: number,
    readonly h: Node,
    private readonly w: ParamSlot,
    private readonly b: ParamSlot,
    private readonly params: Buf,
    private readonly relu: boolean,
    readonly output: Node,
  ) {
    this.inputs = [h];
    const shape = w.spec.shape;
    this.inW = shape[shape.length - 2];
    this.outW = shape[shape.length - 1];
    this.n = w.size / (this.inW * this.outW);
  }

  forward(): void {
    const { km, h, n, inW, outW } = this;
    const B = h.rows;
    const g = n / h.stacks;
    const y = this.output.value.ptr;
    for (let k = 0; k < n; k++) {
      const hs = h.value.ptr + Math.floor(k / g) * h.block * F;
      const yk = y + k * B * outW * F;
      km.k.gemmNN(
        B,
        outW,
        inW,
        hs,
        inW,
        this.params.ptr + (this.w.offset + k * inW * outW) * F,
        outW,
        yk,
        outW,
        0,
      );
      km.k.biasAct(
        yk,
        B,
        outW,
        this.params.ptr + (this.b.offset + k * outW) * F,
        this.relu ? 1 : 0,
      );
    }
  }

  backward(ctx: BackwardContext): void {
    const { km, h, n, inW, outW } = this;
    const B = h.rows;
    const g = n / h.stacks;
    const y = this.output;
    for (let k = 0; k < n; k++) {
      const s = Math.floor(k / g);
      const hs = h.value.ptr + s * h.block * F;
      const wk = this.params.ptr + (this.w.offset + k * inW * outW) * F;
      for (const c of ctx.copiesOf(y, k)) {
        const d = ctx.gradBlock(y, c, k);
        if (this.relu) km.k.reluMask(d, y.value.ptr + k * y.block * F, y.block);
        const gw = ctx.paramGrad(this.w, c, k * inW * outW);
        if (gw) km.k.gemmTN(inW, outW, B, hs, inW, d, outW, gw, outW, 1);
        const gb = ctx.paramGrad(this.b, c, k * outW);
        if (gb) km.k.colSum(gb, d, B, outW);
        if (h.needsGrad) {
          km.k.gemmNT(
            B,
            inW,
            outW,
            d,
            outW,
            wk,
            outW,
            ctx.gradBlock(h, c, s),
            inW,
            1,
            ctx.scratch.ptr,
          );
        }
      }
    }
  }

  propose(_i: number, out: Layout): Layout {
    return keep(out, this.h.stacks, this.T);
  }
}

/** Softmax over the last axis (gates). */
export class SoftmaxOp implements Op {
  readonly inputs: Node[];
  constructor(
    private readonly km: KernelMemory,
    private readonly T: number,
    readonly a: Node,
    readonly output: Node,
  ) {
    this.inputs = [a];
  }

  forward(): void {
    const a = this.a;
    this.km.k.softmaxRows(this.output.value.ptr, a.value.ptr, a.stacks * a.rows, a.width);
  }

  backward(ctx: BackwardContext): void {
    const { a, output } = this;
    for (let s = 0; s < a.stacks; s++) {
      for (const c of ctx.copiesOf(output, s)) {
        const y = output.value.ptr + s * output.block * F;
        this.km.k.softmaxGrad(
          ctx.gradBlock(a, c, s),
          ctx.gradBlock(output, c, s),
          y,
          a.rows,
          a.width,
        );
      }
    }
  }

  propose(_i: number, out: Layout): Layout {
    return keep(out, this.a.stacks, this.T);
  }
}

/** Σ_e gates[n, b, e] · experts[m(n), e, b, :], experts [M·E] stacks with M = 1 or N. */
export class MixOp implements Op {
  readonly inputs: Node[];
  private readonly E: number;
  constructor(
    private readonly km: KernelMemory,
    private readonly T: number,
    readonly gates: Node,
    readonly experts: Node,
    readonly output: Node,
  ) {
    this.inputs = [gates, experts];
    this.E = gates.width;
  }

  private expertStack(n: number): number {
    return this.experts.stacks === this.E ? 0 : n * this.E;
  }

  forward(): void {
    const { gates, experts, output, E } = this;
    for (let n = 0; n < gates.stacks; n++) {
      this.km.k.mixForward(
        output.value.ptr + n * output.block * F,
        gates.value.ptr + n * gates.block * F,
        experts.value.ptr + this.expertStack(n) * experts.block * F,
        gates.rows,
        E,
        output.width,
      );
    }
  }

  backward(ctx: BackwardContext): void {
    const { gates, experts, output, E } = this;
    for (let n = 0; n < gates.stacks; n++) {
      const m = this.expertStack(n);
      for (const c of ctx.copiesOf(output, n)) {
        this.km.k.mixBackward(
          gates.needsGrad ? ctx.gradBlock(gates, c, n) : 0,
          experts.needsGrad ? ctx.gradBlock(experts, c, m) : 0,
          ctx.gradBlock(output, c, n),
          gates.value.ptr + n * gates.block * F,
          experts.value.ptr + m * experts.block * F,
          gates.rows,
          E,
          output.width,
        );
      }
    }
  }

  propose(i: number, out: Layout): Layout {
    if (i === 0) return keep(out, this.gates.stacks, this.T);
    return keep(out, this.experts.stacks, this.T, this.experts.stacks !== this.E);
  }
}

/**
 * Stacks copied from a [P] input: output stack (o·P + p)·inner + j reads input stack p
 * (repeatNew / alignLead of layers.ts). Backward sums the copies.
 */
export class RepeatOp implements Op {
  readonly inputs: Node[];
  constructor(
    private readonly km: KernelMemory,
    private readonly T: number,
    readonly a: Node,
    private readonly outer: number,
    private readonly inner: number,
    readonly output: Node,
  ) {
    this.inputs = [a];
  }

  private source(k: number): number {
    return Math.floor(k / this.inner) % this.a.stacks;
  }

  forward(): void {
    const { a, output } = this;
    for (let k = 0; k < output.stacks; k++) {
      const p = this.source(k);
      this.km.k.copy(output.value.ptr + k * a.block * F, a.value.ptr + p * a.block * F, a.block);
    }
  }

  backward(ctx: BackwardContext): void {
    const { a, output } = this;
    if (!a.needsGrad) return;
    for (let k = 0; k < output.stacks; k++) {
      for (const c of ctx.copiesOf(output, k)) {
        this.km.k.axpy(
          ctx.gradBlock(a, c, this.source(k)),
          ctx.gradBlock(output, c, k),
          1,
          a.block,
        );
      }
    }
  }

  propose(_i: number, out: Layout): Layout {
    return keep(out, this.a.stacks, this.T, this.outer === 1);
  }
}

/** [P, qa] and [P, qb] stacks side by side per group p -> [P, qa + qb] (experts' candidates). */
export class ConcatOp implements Op {
  readonly inputs: Node[];
  constructor(
    private readonly km: KernelMemory,
    private readonly T: number,
    readonly a: Node,
    readonly b: Node,
    private readonly groups: number,
    readonly output: Node,
  ) {
    this.inputs = [a, b];
  }

  /** Input node and its stack for output stack k. */
  private source(k: number): [Node, number] {
    const qa = this.a.stacks / this.groups;
    const qb = this.b.stacks / this.groups;
    const p = Math.floor(k / (qa + qb));
    const i = k % (qa + qb);
    return i < qa ? [this.a, p * qa + i] : [this.b, p * qb + i - qa];
  }

  forward(): void {
    const block = this.output.block;
    for (let k = 0; k < this.output.stacks; k++) {
      const [n, s] = this.source(k);
      this.km.k.copy(this.output.value.ptr + k * block * F, n.value.ptr + s * block * F, block);
    }
  }

  backward(ctx: BackwardContext): void {
    const out = this.output;
    for (let k = 0; k < out.stacks; k++) {
      const [n, s] = this.source(k);
      if (!n.needsGrad) continue;
      for (const c of ctx.copiesOf(out, k)) {
        this.km.k.axpy(ctx.gradBlock(n, c, s), ctx.gradBlock(out, c, k), 1, out.block);
      }
    }
  }

  propose(i: number, out: Layout): Layout {
    return keep(out, (i === 0 ? this.a : this.b).stacks, this.T, this.groups % this.T === 0);
  }
}

/** Cross-stitch unit: out[t] = Σ_s A[t, s] · h[s] over T column stacks. */
export class StitchOp implements Op {
  readonly inputs: Node[];
  constructor(
    private readonly km: KernelMemory,
    private readonly T: number,
    readonly h: Node,
    private readonly a: ParamSlot,
    private readonly params: Buf,
    readonly output: Node,
  ) {
    this.inputs = [h];
  }

  forward(): void {
    const { T, h } = this;
    const A = this.params.ptr + this.a.offset * F;
    this.km.k.gemmNN(T, h.block, T, A, T, h.value.ptr, h.block, this.output.value.ptr, h.block, 0);
  }

  backward(ctx: BackwardContext): void {
    const { T, h, output } = this;
    // A is read by the kernel (axpyAt), not here: a thread's recorded backward replays this call.
    const A = this.params.ptr + this.a.offset * F;
    // hT [BW, T] once, so each row's dA[t, :] = dOut[t]·hᵀ is one A·B product.
    const hT = ctx.scratch.ptr;
    this.km.k.transpose(h.value.ptr, T, h.block, h.block, hT);
    for (let t = 0; t < T; t++) {
      for (const c of ctx.copiesOf(output, t)) {
        const d = ctx.gradBlock(output, c, t);
        const gA = ctx.paramGrad(this.a, c, t * T);
        if (gA) this.km.k.gemmNN(1, T, h.block, d, h.block, hT, T, gA, T, 1);
        if (!h.needsGrad) continue;
        for (let s = 0; s < T; s++)
          this.km.k.axpyAt(ctx.gradBlock(h, c, s), d, A + (t * T + s) * F, h.block);
      }
    }
  }

  propose(): Layout {
    return 'copies';
  }
}

/**
 * ownCopies of layers.ts: task t keeps what copy t of the shared parameters computed. Without a
 * copies axis in the forward it is the identity (the output aliases its input); backward keeps
 * only copy t's gradient of stack t.
 */
export class OwnCopiesOp implements Op {
  readonly inputs: Node[];
  constructor(
    private readonly km: KernelMemory,
    readonly h: Node,
    readonly output: Node,
  ) {
    this.inputs = [h];
  }

  forward(): void {}

  backward(ctx: BackwardContext): void {
    const { h, output } = this;
    if (!h.needsGrad) return;
    const perTask = ctx.target.mode === 'per-task';
    for (let t = 0; t < output.stacks; t++) {
      for (const c of ctx.copiesOf(output, t)) {
        if (perTask && c !== t) continue;
        this.km.k.axpy(ctx.gradBlock(h, c, t), ctx.gradBlock(output, c, t), 1, h.block);
      }
    }
  }

  propose(): Layout {
    return 'diag';
  }
}
