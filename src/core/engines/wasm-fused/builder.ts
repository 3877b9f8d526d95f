/**
 * Builds the fused engine's graph for one batch size: nodes allocated in the kernels' memory,
 * ops in forward order. Architectures' forwards reach it through fusedOps.ts (their `Ops`).
 */
import type { Buf, KernelMemory } from './kernels';
import { Node, planLayouts, type Op } from './graph';
import { ConcatOp, DenseOp, MixOp, OwnCopiesOp, RepeatOp, SoftmaxOp, StitchOp } from './ops';
import type { ParamLayout } from './params';

export interface BuiltGraph {
  ops: Op[];
  input: Node;
  output: Node;
  /** The towers' input z (representation mode); ops after `zOp` are the towers. */
  z: Node;
  zOp: number;
  /** Gate weights [T, B, E] (gated architectures). */
  gates: Node | null;
  /** Floats of scratch the backward needs (transposes). */
  scratch: number;
}

export class GraphBuilder {
  readonly ops: Op[] = [];
  scratch = 1;
  private zMark: { node: Node; op: number } | null = null;
  gates: Node | null = null;

  constructor(
    readonly km: KernelMemory,
    readonly T: number,
    readonly rows: number,
    readonly layout: ParamLayout,
    readonly params: Buf,
  ) {}

  node(stacks: number, width: number, needsGrad = true): Node {
    return new Node(stacks, this.rows, width, this.km.alloc(stacks * this.rows * width), needsGrad);
  }

  /** The input node over an existing buffer (a row slice of another pass's input). */
  inputAt(value: Buf): Node {
    return new Node(1, this.rows, value.length / this.rows, value, false);
  }

  private add<N extends Node>(op: Op, out: N): N {
    this.ops.push(op);
    return out;
  }

  /** The dense layer `${prefix}/kernel|bias` (kernel [...stacks, in, out]) on h. */
  dense(h: Node, prefix: string, relu: boolean): Node {
    const w = this.layout.get(`${prefix}/kernel`);
    const b = this.layout.get(`${prefix}/bias`);
    const [inW, outW] = w.spec.shape.slice(-2);
    const n = w.size / (inW * outW);
    if (inW !== h.width || n % h.stacks !== 0) {
      throw new Error(
        `${prefix}: a [${h.stacks}, ${h.width}] input does not fit ${n} stacks of ${inW}`,
      );
    }
    this.scratch = Math.max(this.scratch, inW * outW);
    const out = this.node(n, outW);
    return this.add(new DenseOp(this.km, this.T, h, w, b, this.params, relu, out), out);
  }

  reluStack(h: Node, prefix: string, layers: number): Node {
    let out = h;
    for (let l = 0; l < layers; l++) out = this.dense(out, `${prefix}/${l}`, true);
    return out;
  }

  softmax(a: Node): Node {
    const out = this.node(a.stacks, a.width);
    return this.add(new SoftmaxOp(this.km, this.T, a, out), out);
  }

  mix(gates: Node, experts: Node): Node {
    const out = this.node(gates.stacks, experts.width);
    return this.add(new MixOp(this.km, this.T, gates, experts, out), out);
  }

  repeat(a: Node, outer: number, inner: number): Node {
    const out = this.node(a.stacks * outer * inner, a.width, a.needsGrad);
    return this.add(new RepeatOp(this.km, this.T, a, outer, inner, out), out);
  }

  concat(a: Node, b: Node, groups: number): Node {
    const out = this.node(a.stacks + b.stacks, a.width);
    return this.add(new ConcatOp(this.km, this.T, a, b, groups, out), out);
  }

  stitch(h: Node, name: string): Node {
    this.scratch = Math.max(this.scratch, h.stacks * h.block);
    const out = this.node(h.stacks, h.width);
    return this.add(new StitchOp(this.km, this.T, h, this.layout.get(name), this.params, out), out);
  }

  ownCopies(h: Node): Node {
    const out = new Node(h.stacks, h.rows, h.width, h.value, h.needsGrad);
    return this.add(new OwnCopiesOp(this.km, h, out), out);
  }

  /** Marks z, the towers' input: every op after this point belongs to the towers. */
  representation(z: Node): void {
    this.zMark = { node: z, op: this.ops.length };
  }

  finish(input: Node, output: Node): BuiltGraph {
    if (!this.zMark) throw new Error('internal: the architecture did not mark its representation');
    planLayouts(this.km, this.ops, output, this.T);
    return {
      ops: this.ops,
      input,
      output,
      z: this.zMark.node,
      zOp: this.zMark.op,
      gates: this.gates,
      scratch: this.scratch,
    };
  }
}
