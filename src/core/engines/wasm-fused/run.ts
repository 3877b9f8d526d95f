/**
 * One network on the fused engine: the flat parameters, Adam moments and gradients in the
 * kernels' memory, the training graph (batch B) and an evaluation graph, and the passes a step
 * is made of: forward with the fused loss, the weighted / per-task / representation backward,
 * the method's combination and Adam. Nothing here allocates per step.
 */
import type { AdamMoments } from '../../train/optimizer';
import type { ModelConfig } from '../../config/schema';
import type { TaskInfo } from '../../data/types';
import type { MethodResult } from '../../methods/types';
import { initialValues } from '../../model/init';
import type { ArchitectureDefinition, ModelDims } from '../../model/types';
import { isTowerParam } from '../../train/modelState';
import { FUSED_ARCHITECTURES } from './architectures';
import { GraphBuilder, type BuiltGraph } from './builder';
import { BackwardContext, type GradTarget } from './graph';
import type { Buf, KernelMemory } from './kernels';
import { ParamLayout } from './params';

const KIND = { regression: 0, binary: 1, multiclass: 2 } as const;

export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** One graph with its label buffers and loss outputs. */
interface Pass {
  graph: BuiltGraph;
  rows: number;
  y: Buf;
  mask: Buf;
  losses: Buf;
}

export class FusedRun {
  readonly T: number;
  readonly layout: ParamLayout;
  readonly params: Buf;
  private readonly m: Buf;
  private readonly v: Buf;
  private readonly target: GradTarget;
  private readonly gram: Buf;
  private readonly weights: Buf;
  private readonly kinds: Buf;
  private readonly classes: Buf;
  private readonly scratch: Buf;
  readonly train: Pass;
  readonly evaluation: Pass;
  private adamSteps = 0;

  constructor(
    readonly km: KernelMemory,
    readonly arch: ArchitectureDefinition,
    readonly config: ModelConfig,
    readonly dims: ModelDims,
    tasks: TaskInfo[],
    weightSeed: number,
    batchSize: number,
    evalBatchSize: number,
    private adamSettings: AdamSettings,
  ) {
    const T = dims.tasks;
    this.T = T;
    this.layout = new ParamLayout(arch.params(config, dims), T);
    const P = this.layout.size;
    this.params = km.alloc(P);
    for (const s of this.layout.slots) {
      km.of(this.params).set(
        initialValues(s.spec, config.init, weightSeed, config.headInit === 'same'),
        s.offset,
      );
    }
    this.m = km.alloc(P);
    this.v = km.alloc(P);
    this.target = {
      mode: 'weighted',
      g: km.alloc(P),
      J: km.alloc(Math.max(1, T * this.layout.sharedSize)),
    };
    this.gram = km.alloc(T * T);
    this.weights = km.alloc(T);
    this.kinds = km.alloc(T);
    this.classes = km.alloc(T);
    km.i32(this.kinds.ptr, T).set(tasks.map((t) => KIND[t.kind]));
    km.i32(this.classes.ptr, T).set(tasks.map((t) => (t.kind === 'multiclass' ? t.outputs : 1)));
    this.train = this.pass(batchSize);
    this.evaluation = this.pass(evalBatchSize);
    this.scratch = km.alloc(Math.max(this.train.graph.scratch, this.evaluation.graph.scratch));
  }

  private pass(rows: number): Pass {
    const plan = FUSED_ARCHITECTURES[this.arch.id];
    if (!plan) throw new Error(`the fused engine has no plan for ${this.arch.id}`);
    const g = new GraphBuilder(this.km, this.T, rows, this.layout, this.params);
    const input = g.node(1, this.dims.features, false);
    const output = plan(g, input, this.config, this.dims);
    const T = this.T;
    return {
      graph: g.finish(input, output),
      rows,
      y: this.km.alloc(rows * T),
      mask: this.km.alloc(rows * T),
      losses: this.km.alloc(T),
    };
  }

  /** Copy a batch in: x [rows, D], y and mask [rows, T]. */
  load(pass: Pass, x: Float32Array, y: Float32Array, mask: Float32Array): void {
    this.km.of(pass.graph.input.value).set(x);
    this.km.of(pass.y).set(y);
    this.km.of(pass.mask).set(mask);
  }

  /** Forward and the fused loss: per-task masked means; ∂loss_t/∂outputs_t lands in the output's gradient. */
  forward(pass: Pass = this.train): Float64Array {
    const { graph, rows } = pass;
    for (const op of graph.ops) op.forward();
    const out = graph.output;
    const { T } = this;
    this.km.k.taskLoss(
      out.value.ptr,
      pass.y.ptr,
      pass.mask.ptr,
      this.kinds.ptr,
      this.classes.ptr,
      T,
      rows,
      out.width,
      pass.losses.ptr,
      out.grad ? out.grad.ptr : this.scratch.ptr,
    );
    return Float64Array.from(this.km.of(pass.losses));
  }

  private context(mode: GradTarget['mode']): BackwardContext {
    this.target.mode = mode;
    return new BackwardContext(this.km, this.T, this.layout, this.target, this.scratch);
  }

  private zeroGrads(from: number, to: number): void {
    const { ops, output } = this.train.graph;
    for (let o = from; o < to; o++) {
      for (const n of ops[o].inputs) if (n.grad && n !== output) this.km.of(n.grad).fill(0);
    }
  }

  private runBackward(ctx: BackwardContext, from: number, to: number): void {
    const ops = this.train.graph.ops;
    for (let o = to - 1; o >= from; o--) ops[o].backward(ctx);
  }

  private scaleOutputGrad(w: ArrayLike<number>): void {
    const out = this.train.graph.output;
    const grad = this.km.of(out.grad!);
    for (let t = 0; t < this.T; t++) {
      const block = grad.subarray(t * out.block, (t + 1) * out.block);
      for (let i = 0; i < block.length; i++) block[i] *= w[t];
    }
  }

  /** Backward of Σ_t w_t·loss_t into the flat gradient (after `forward`). */
  backwardWeighted(w: ArrayLike<number>): void {
    this.scaleOutputGrad(w);
    this.km.of(this.target.g).fill(0);
    const n = this.train.graph.ops.length;
    this.zeroGrads(0, n);
    this.runBackward(this.context('weighted'), 0, n);
  }

  /** Per-task backward: J [T, Ps] and the heads' own-task gradients; returns the Gram matrix. */
  backwardPerTask(): Float64Array {
    this.km.of(this.target.g).fill(0);
    this.km.of(this.target.J).fill(0);
    const n = this.train.graph.ops.length;
    this.zeroGrads(0, n);
    this.runBackward(this.context('per-task'), 0, n);
    return this.gramOf(this.target.J, this.layout.sharedSize);
  }

  private gramOf(rows: Buf, length: number): Float64Array {
    const T = this.T;
    if (length === 0) return new Float64Array(T * T);
    this.km.k.gram(this.gram.ptr, rows.ptr, T, length, length);
    return Float64Array.from(this.km.of(this.gram));
  }

  /** Rows of J (for 'jacobian' methods). */
  jacobianRows(): Float64Array[] {
    const Ps = this.layout.sharedSize;
    const J = this.km.of(this.target.J);
    return Array.from({ length: this.T }, (_, t) =>
      Float64Array.from(J.subarray(t * Ps, (t + 1) * Ps)),
    );
  }

  /** Representation mode, steps 1-3 (representation.ts): towers' per-task backward; r = ∂ℓ_t/∂z_t. */
  backwardTowers(): { gram: Float64Array; r: Float32Array; z: Float32Array; zStacks: number } {
    const { ops, z, zOp } = this.train.graph;
    this.km.of(this.target.g).fill(0);
    this.zeroGrads(zOp, ops.length);
    if (z.grad) this.km.of(z.grad).fill(0);
    this.runBackward(this.context('per-task'), zOp, ops.length);
    const size = this.T * z.block;
    const r = this.km.of(z.grad!).subarray(0, size);
    return { gram: this.gramOf(z.grad!, z.block), r, z: this.km.of(z.value), zStacks: z.stacks };
  }

  /** Step 4: dz (per task, [T, B·H]) through the encoder in weighted mode. */
  backwardEncoder(dz: Float32Array): void {
    const { z, zOp } = this.train.graph;
    const grad = this.km.of(z.grad!);
    const block = z.block;
    if (z.stacks === this.T) grad.set(dz);
    else {
      grad.fill(0, 0, block);
      for (let t = 0; t < this.T; t++) {
        for (let i = 0; i < block; i++) grad[i] += dz[t * block + i];
      }
    }
    this.zeroGrads(0, zOp);
    this.runBackward(this.context('weighted'), 0, zOp);
  }

  /** Σ over the shared part of the flat gradient, squared (clipping of loss methods). */
  sharedGradNorm(): number {
    return Math.sqrt(this.km.k.sumSquares(this.target.g.ptr, this.layout.sharedSize));
  }

  /** Scale the shared part of the flat gradient. */
  scaleShared(s: number): void {
    if (s !== 1) this.km.k.scale(this.target.g.ptr, s, this.layout.sharedSize);
  }

  /** Head weights on every task-specific parameter block (towers only when `towersOnly`). */
  scaleHeads(headWeights: ArrayLike<number>, towersOnly: boolean): void {
    if (Array.from(headWeights).every((v) => v === 1)) return;
    for (const s of this.layout.taskSlots) {
      if (towersOnly && !isTowerParam(s.spec.name)) continue;
      const block = s.size / this.T;
      for (let t = 0; t < this.T; t++) {
        this.km.k.scale(this.target.g.ptr + (s.offset + t * block) * 4, headWeights[t], block);
      }
    }
  }

  /**
   * Gradient methods: the shared update d = Σ_t w_t J_t (or the method's direction), clipped as
   * combinedUpdate does (stepCommon.ts), into the flat gradient; heads scaled by headWeights.
   */
  combine(result: MethodResult, gram: Float64Array): void {
    const { T } = this;
    const Ps = this.layout.sharedSize;
    const g = this.km.of(this.target.g);
    if (Ps > 0 && result.direction) {
      const d = result.direction;
      const norm = Math.sqrt(d.reduce((a, x) => a + x * x, 0));
      const s = result.clipNorm && norm > result.clipNorm ? result.clipNorm / norm : 1;
      for (let i = 0; i < Ps; i++) g[i] = d[i] * s;
    } else if (Ps > 0) {
      const w = result.weights ?? new Float64Array(T).fill(1);
      let sq = 0;
      for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) sq += w[i] * w[j] * gram[i * T + j];
      const norm = Math.sqrt(Math.max(0, sq));
      const s = result.clipNorm && norm > result.clipNorm ? result.clipNorm / norm : 1;
      this.km.of(this.weights).set(Array.from(w, (x) => x * s));
      this.km.k.combine(this.target.g.ptr, this.target.J.ptr, this.weights.ptr, T, Ps, Ps);
    }
    this.scaleHeads(result.headWeights, false);
  }

  /** Adam over the whole flat buffer with the flat gradient. */
  adam(): void {
    this.adamSteps += 1;
    const { learningRate, beta1, beta2, epsilon } = this.adamSettings;
    const t = this.adamSteps;
    const stepSize = learningRate / (1 - beta1 ** t);
    const vScale = 1 / Math.sqrt(1 - beta2 ** t);
    const { params, m, v, target } = this;
    this.km.k.adam(
      params.ptr,
      target.g.ptr,
      m.ptr,
      v.ptr,
      this.layout.size,
      stepSize,
      beta1,
      beta2,
      epsilon,
      vScale,
    );
  }

  /** Later Adam steps use this learning rate; the moments and step count stay. */
  setLearningRate(learningRate: number): void {
    this.adamSettings = { ...this.adamSettings, learningRate };
  }

  resetOptimizer(): void {
    this.adamSteps = 0;
    this.km.of(this.m).fill(0);
    this.km.of(this.v).fill(0);
  }

  get updates(): number {
    return this.adamSteps;
  }

  /** Adam's moments per parameter in spec order, as the tfjs optimizers export them. */
  exportMoments(): AdamMoments {
    const bySpec = [...this.layout.slots].sort((a, b) => a.index - b.index);
    const copy = (buf: Buf) =>
      bySpec.map((s) => this.km.of(buf).slice(s.offset, s.offset + s.size));
    return { updates: this.adamSteps, m: copy(this.m), v: copy(this.v) };
  }

  importMoments(moments: AdamMoments): void {
    const bySpec = [...this.layout.slots].sort((a, b) => a.index - b.index);
    if (moments.m.length !== bySpec.length || moments.v.length !== bySpec.length) {
      throw new Error(
        `optimizer moments are for ${moments.m.length} parameters, not ${bySpec.length}`,
      );
    }
    bySpec.forEach((s, i) => {
      this.km.of(this.m).set(moments.m[i], s.offset);
      this.km.of(this.v).set(moments.v[i], s.offset);
    });
    this.adamSteps = moments.updates;
  }
}
