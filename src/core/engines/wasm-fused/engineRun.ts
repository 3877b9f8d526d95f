/**
 * The fused wasm engine's EngineRun (src/core/engines/types.ts) over a FusedRun: the backward
 * modes, the update after the method, probes and weight export/import.
 */
import type { AdamMoments } from '../../train/optimizer';
import type { MethodResult } from '../../methods/types';
import type { ParamSpec } from '../../model/types';
import type { WeightEntry } from '../../train/weights';
import type { BackwardMode, BackwardStats, EngineRun, HostBatch, PassName } from '../types';
import { representationDirection, signedRows } from './representation';
import type { FusedRun } from './run';
import type { FusedThreads } from './threads';

export class FusedEngineRun implements EngineRun {
  /** r of the last representation backward ([T, B·H], copied out of the memory). */
  private r: Float32Array | null = null;
  /**
   * With threads the training forward runs in row slices, so the whole batch's graph holds no
   * activations until `wholeForward` runs it (representation mode, probes of the training pass).
   */
  private wholeStale = false;
  readonly threads: { count: number; reason: string | null };

  constructor(
    private readonly run: FusedRun,
    private readonly pool: FusedThreads | null = null,
    reason: string | null = null,
  ) {
    this.threads = { count: pool?.count ?? 1, reason };
  }

  private wholeForward(): void {
    if (!this.wholeStale) return;
    this.run.forward(this.run.train);
    this.wholeStale = false;
  }

  get specs(): ParamSpec[] {
    return this.run.layout.specs;
  }

  private pass(name: PassName) {
    return name === 'train' ? this.run.train : this.run.evaluation;
  }

  rows(pass: PassName): number {
    return this.pass(pass).rows;
  }

  load(pass: PassName, batch: HostBatch): void {
    this.run.load(this.pass(pass), batch.x, batch.y, batch.mask);
  }

  forward(pass: PassName): Float64Array {
    if (pass === 'train' && this.pool) {
      this.wholeStale = true;
      return this.pool.forward();
    }
    return this.run.forward(this.pass(pass));
  }

  backward(mode: BackwardMode, weights?: ArrayLike<number>, withRows = false): BackwardStats {
    const run = this.run;
    const pool = this.wholeStale ? this.pool : null;
    if (mode === 'weighted') {
      const w = weights ?? new Float64Array(run.T).fill(1);
      if (pool) pool.backwardWeighted(w);
      else run.backwardWeighted(w);
      return { gram: null };
    }
    if (mode === 'per-task') {
      const gram = pool ? pool.backwardPerTask() : run.backwardPerTask();
      const rows = withRows && run.layout.sharedSize > 0 ? run.jacobianRows() : undefined;
      return { gram, rows };
    }
    // Representation mode runs on one thread: the towers' r and the encoder need the whole batch.
    this.pool?.backwardElsewhere();
    this.wholeForward();
    const t = run.backwardTowers();
    this.r = Float32Array.from(t.r);
    const H = run.train.graph.z.width;
    return { gram: t.gram, rows: withRows ? signedRows(t.r, t.z, t.zStacks, run.T, H) : undefined };
  }

  update(mode: BackwardMode, result: MethodResult, stats: BackwardStats): void {
    const run = this.run;
    if (mode === 'per-task') {
      run.combine(result, stats.gram ?? new Float64Array(run.T * run.T));
    } else {
      if (mode === 'representation') {
        if (!this.r) throw new Error('update in representation mode needs its backward first');
        const H = run.train.graph.z.width;
        run.backwardEncoder(representationDirection(this.r, run.T, H, result));
        run.scaleHeads(result.headWeights, true);
      }
      if (result.clipNorm && run.layout.sharedSize > 0) {
        run.scaleShared(Math.min(1, result.clipNorm / Math.max(run.sharedGradNorm(), 1e-12)));
      }
    }
    run.adam();
  }

  outputs(pass: PassName): Float32Array {
    if (pass === 'train') this.wholeForward();
    const out = this.pass(pass).graph.output;
    return this.run.km.of(out.value).slice();
  }

  gates(pass: PassName): number[][] | null {
    if (pass === 'train') this.wholeForward();
    const g = this.pass(pass).graph.gates;
    if (!g) return null;
    const values = this.run.km.of(g.value);
    return Array.from({ length: g.stacks }, (_, t) => {
      const row = new Array<number>(g.width).fill(0);
      for (let b = 0; b < g.rows; b++) {
        for (let e = 0; e < g.width; e++) row[e] += values[(t * g.rows + b) * g.width + e];
      }
      return row.map((v) => v / g.rows);
    });
  }

  exportWeights(): WeightEntry[] {
    const all = this.run.km.of(this.run.params);
    return this.run.layout.slots.map((s) => ({
      name: s.spec.name,
      shape: s.spec.shape.slice(),
      values: all.slice(s.offset, s.offset + s.size),
    }));
  }

  importWeights(weights: WeightEntry[]): void {
    const byName = new Map(weights.map((w) => [w.name, w]));
    const errors: string[] = [];
    for (const s of this.run.layout.slots) {
      const w = byName.get(s.spec.name);
      if (!w) errors.push(`missing weight "${s.spec.name}"`);
      else if (w.shape.join('x') !== s.spec.shape.join('x') || w.values.length !== s.size) {
        errors.push(
          `weight "${s.spec.name}" has shape [${w.shape.join(', ')}], expected [${s.spec.shape.join(', ')}]`,
        );
      }
    }
    if (errors.length) throw new Error(errors.join('; '));
    const all = this.run.km.of(this.run.params);
    for (const s of this.run.layout.slots) all.set(byName.get(s.spec.name)!.values, s.offset);
  }

  exportMoments(): AdamMoments {
    return this.run.exportMoments();
  }

  importMoments(moments: AdamMoments): void {
    this.run.importMoments(moments);
  }

  resetOptimizer(): void {
    this.run.resetOptimizer();
  }

  setLearningRate(learningRate: number): void {
    this.run.setLearningRate(learningRate);
  }

  memoryBytes(): number {
    return this.run.km.memory.buffer.byteLength;
  }

  dispose(): void {
    // The run's memory belongs to its own WebAssembly.Memory; dropping the references frees it.
    this.r = null;
    this.pool?.dispose();
  }
}
