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
import { fusedOps } from './fusedOps';
import { GraphBuilder, type BuiltGraph } from './builder';
import { BackwardContext, type GradTarget } from './graph';
import type { Buf, KernelMemory, Tape } from './kernels';
import { ParamLayout } from './params';

const KIND = { regression: 0, binary: 1, multiclass: 2 } as const;

export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** One graph with its label buffers and loss outputs. */
export interface Pass {
  graph: BuiltGraph;
  rows: number;
  y: Buf;
  mask: Buf;
  losses: Buf;
}

/**
 * A training pass with where its backward writes: the whole batch (the run's own), or one
 * thread's row slice of it (threads.ts), whose gradients the run then sums in slice order.
 * Its forward, weighted and per-task backward are recorded once as tapes (kernels.ts) and
 * replayed in one call each per step, here or in a training thread.
 */
export interface TrainSlice {
  pass: Pass;
  target: GradTarget;
  scratch: Buf;
  tapes: SliceTapes;
}

export interface SliceTapes {
  forward: Tape;
  weighted: Tape;
  perTask: Tape;
}

/** Row range [from, to) of the training batch, aliasing its x, y and mask. */
interface RowAlias {
  from: number;
  to: number;
}

export class FusedRun {
  readonly T: number;
  readonly layout: ParamLayout;
  readonly params: Buf;
  private readonly m: Buf;
  private readonly v: Buf;
  private readonly target: GradTarget;
  /** Per-task loss weights of the weighted backward (read by the kernels: threads replay it). */
  private readonly lossWeights: Buf;
  /** Per-task 1 / labelled count of the training batch, for row slices' losses (threads.ts). */
  readonly invCounts: Buf;
  private readonly gram: Buf;
  private readonly weights: Buf;
  private readonly kinds: Buf;
  private readonly classes: Buf;
  private readonly scratch: Buf;
  readonly train: Pass;
  readonly evaluation: Pass;
  /** The whole training batch as a slice (the single-threaded step's). */
  readonly whole: TrainSlice;
  private readonly evaluationTape: Tape;
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
    this.lossWeights = km.alloc(T);
    this.invCounts = km.alloc(T);
    this.gram = km.alloc(T * T);
    this.weights = km.alloc(T);
    this.kinds = km.alloc(T);
    this.classes = km.alloc(T);
    km.i32(this.kinds.ptr, T).set(tasks.map((t) => KIND[t.kind]));
    km.i32(this.classes.ptr, T).set(tasks.map((t) => (t.kind === 'multiclass' ? t.outputs : 1)));
    this.train = this.pass(batchSize);
    this.evaluation = this.pass(evalBatchSize);
    this.scratch = km.alloc(Math.max(this.train.graph.scratch, this.evaluation.graph.scratch));
    const whole = { pass: this.train, target: this.target, scratch: this.scratch };
    this.whole = { ...whole, tapes: this.recordSlice(whole, false) };
    this.evaluationTape = km.record(() => this.forwardKernels(this.evaluation, false));
  }

  private recordSlice(slice: Omit<TrainSlice, 'tapes'>, sliceOfBatch: boolean): SliceTapes {
    const s = slice as TrainSlice;
    return {
      forward: this.km.record(() => this.forwardKernels(slice.pass, sliceOfBatch)),
      weighted: this.km.record(() => this.weightedKernels(s)),
      perTask: this.km.record(() => this.perTaskKernels(s)),
    };
  }

  private pass(rows: number, alias?: RowAlias): Pass {
    const g = new GraphBuilder(this.km, this.T, rows, this.layout, this.params);
    const T = this.T;
    const D = this.dims.features;
    // A slice reads its rows of the whole batch's buffers (row-major, so rows are contiguous).
    const rowsOf = (whole: () => Buf, width: number): Buf =>
      alias
        ? { ptr: whole().ptr + alias.from * width * 4, length: rows * width }
        : this.km.alloc(rows * width);
    const input = alias
      ? g.inputAt(rowsOf(() => this.train.graph.input.value, D))
      : g.node(1, D, false);
    const output = this.arch.forward(fusedOps(g), input, this.config, this.dims);
    return {
      graph: g.finish(input, output),
      rows,
      y: rowsOf(() => this.train.y, T),
      mask: rowsOf(() => this.train.mask, T),
      losses: this.km.alloc(T),
    };
  }

  /**
   * Rows [from, to) of the training batch as a slice with its own graph (aliasing the batch's x,
   * y and mask) and gradient buffers; with `intoWhole` its backward writes the run's own
   * gradient (the first slice: the others are added to it).
   */
  slice(from: number, to: number, intoWhole: boolean): TrainSlice {
    const pass = this.pass(to - from, { from, to });
    const P = this.layout.size;
    const target: GradTarget = intoWhole
      ? this.target
      : {
          mode: 'weighted',
          g: this.km.alloc(P),
          J: this.km.alloc(Math.max(1, this.T * this.layout.sharedSize)),
        };
    const slice = { pass, target, scratch: this.km.alloc(pass.graph.scratch) };
    return { ...slice, tapes: this.recordSlice(slice, true) };
  }

  /** 1 / labelled count per task of the loaded training batch (as taskLoss counts it). */
  countLabels(): void {
    const { T } = this;
    const mask = this.km.of(this.train.mask);
    const inv = this.km.of(this.invCounts);
    for (let t = 0; t < T; t++) {
      let count = 0;
      for (let b = 0; b < this.train.rows; b++) count = Math.fround(count + mask[b * T + t]);
      inv[t] = 1 / Math.max(count, 1);
    }
  }

  /** Copy a batch in: x [rows, D], y and mask [rows, T]. */
  load(pass: Pass, x: Float32Array, y: Float32Array, mask: Float32Array): void {
    this.km.of(pass.graph.input.value).set(x);
    this.km.of(pass.y).set(y);
    this.km.of(pass.mask).set(mask);
  }

  /**
   * Forward and the fused loss (the whole training batch, or the evaluation pass): per-task
   * masked means; ∂loss_t/∂outputs_t lands in the output's gradient.
   */
  forward(pass: Pass = this.train): Float64Array {
    this.km.replay(pass === this.evaluation ? this.evaluationTape : this.whole.tapes.forward);
    return Float64Array.from(this.km.of(pass.losses));
  }

  /** A slice's forward and its share of the batch's losses. */
  forwardSlice(slice: TrainSlice): Float64Array {
    this.km.replay(slice.tapes.forward);
    return Float64Array.from(this.km.of(slice.pass.losses));
  }

  // Everything from here to the end of the backward is a kernel call (no reads or writes of the
  // memory from JS): recorded once into each slice's tapes.
  private forwardKernels(pass: Pass, sliceOfBatch: boolean): void {
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
      sliceOfBatch ? this.invCounts.ptr : 0,
    );
  }

  private context(mode: GradTarget['mode'], slice: TrainSlice = this.whole): BackwardContext {
    slice.target.mode = mode;
    return new BackwardContext(this.km, this.T, this.layout, slice.target, slice.scratch);
  }

  private zeroGrads(from: number, to: number, pass: Pass = this.train): void {
    const { ops, output } = pass.graph;
    for (let o = from; o < to; o++) {
      for (const n of ops[o].inputs) {
        if (n.grad && n !== output) this.km.k.zero(n.grad.ptr, n.grad.length);
      }
    }
  }

  private runBackward(ctx: BackwardContext, from: number, to: number, pass = this.train): void {
    const ops = pass.graph.ops;
    for (let o = to - 1; o >= from; o--) ops[o].backward(ctx);
  }

  /** Set the weighted backward's per-task loss weights. */
  setLossWeights(w: ArrayLike<number>): void {
    const buf = this.km.of(this.lossWeights);
    for (let t = 0; t < this.T; t++) buf[t] = w[t];
  }

  /** Backward of Σ_t w_t·loss_t (w from setLossWeights) into the slice's flat gradient. */
  backwardWeightedOn(slice: TrainSlice): void {
    this.km.replay(slice.tapes.weighted);
  }

  private weightedKernels(slice: TrainSlice): void {
    const { pass, target } = slice;
    const out = pass.graph.output;
    for (let t = 0; t < this.T; t++) {
      this.km.k.scaleAt(out.grad!.ptr + t * out.block * 4, this.lossWeights.ptr + t * 4, out.block);
    }
    this.km.k.zero(target.g.ptr, target.g.length);
    const n = pass.graph.ops.length;
    this.zeroGrads(0, n, pass);
    this.runBackward(this.context('weighted', slice), 0, n, pass);
  }

  /** Per-task backward into the slice's J [T, Ps] and the heads' own-task gradients. */
  backwardPerTaskOn(slice: TrainSlice): void {
    this.km.replay(slice.tapes.perTask);
  }

  private perTaskKernels(slice: TrainSlice): void {
    const { pass, target } = slice;
    this.km.k.zero(target.g.ptr, target.g.length);
    this.km.k.zero(target.J.ptr, target.J.length);
    const n = pass.graph.ops.length;
    this.zeroGrads(0, n, pass);
    this.runBackward(this.context('per-task', slice), 0, n, pass);
  }

  /** Add a slice's gradients (flat, and J in per-task mode) into the run's own. */
  addSliceGrads(slice: TrainSlice, perTask: boolean): void {
    const { g, J } = slice.target;
    this.km.k.axpy(this.target.g.ptr, g.ptr, 1, g.length);
    if (perTask) this.km.k.axpy(this.target.J.ptr, J.ptr, 1, J.length);
  }

  /** Backward of Σ_t w_t·loss_t into the flat gradient (after `forward`). */
  backwardWeighted(w: ArrayLike<number>): void {
    this.setLossWeights(w);
    this.backwardWeightedOn(this.whole);
  }

  /** Per-task backward: J [T, Ps] and the heads' own-task gradients; returns the Gram matrix. */
  backwardPerTask(): Float64Array {
    this.backwardPerTaskOn(this.whole);
    return this.perTaskGram();
  }

  /** The Gram matrix of J (after the per-task backward, or the slices' sum). */
  perTaskGram(): Float64Array {
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
