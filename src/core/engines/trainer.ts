/**
 * The lab's Trainer (src/core/train/api.ts) over any EngineRun: host-side batches in the same
 * seeded order as the tfjs trainer, the engine-neutral step, and the same snapshot bookkeeping
 * (training-loss accumulation, test loss at its cadence, conflict statistics, finiteness).
 */
import type { Dataset, Split } from '../data/types';
import { getArchitecture } from '../model/registry';
import { conflictStats } from '../train/conflict';
import { argmax, computeMetrics, taskOutputs, type OutputTable } from '../train/metrics';
import type { LiveSettings } from '../config/liveSettings';
import { MethodSettings } from '../train/methodSettings';
import { resolveMethod } from '../train/resolveMethod';
import type {
  CreateTrainerArgs,
  SplitName,
  Trainer,
  TrainerCheckpoint,
  TrainerState,
} from '../train/api';
import { outputSpread } from '../train/outputSpread';
import { toLabelUnits } from '../data/types';
import type { ConflictStats, Divergence, Snapshot, TaskMetrics } from '../train/types';
import type { WeightEntry } from '../train/weights';
import { modelDims } from '../model/registry';
import type { ModelConfig } from '../config/schema';
import { makePlane, type PlaneSpec } from '../network/plane';
import { visiblePlane, visibleSplit } from '../data/featuresOff';
import {
  computeNetworkViewFromWeights,
  NETWORK_VIEW_SAMPLE,
  type NetworkViewData,
} from '../network/view';
import { sampleLabels } from '../network/linkGradients';
import { planeOverlay } from '../network/planeTruth';
import { outputWidth } from '../model/towers';
import type { MethodNeeds } from '../methods/types';
import { engineStep, type EngineStepContext } from './step';
import type { Engine, EngineRun } from './types';
import { BatchBuffers, HostSampler, hostSplit, rowRange, type HostSplit } from './hostData';

class EngineRunTrainer implements Trainer {
  get threads(): { count: number; reason: string | null } | undefined {
    return this.run.threads;
  }

  private current = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly T: number;
  private readonly width: number;
  private readonly sampler: HostSampler;
  private readonly batch: BatchBuffers;
  private readonly evalBatch: BatchBuffers;
  private readonly ctx: EngineStepContext;
  private readonly train_: HostSplit;
  private readonly test_: HostSplit;
  private lossSum: Float64Array;
  private accumulated = 0;
  private lastWeights: number[] | null = null;
  private lastGram: { step: number; gram: Float64Array } | null = null;
  private lastProbe: ConflictStats | null = null;
  private test: { step: number; loss: number[]; gates: number[][] | null } | null = null;
  private diverged = false;
  private divergence: Divergence | null = null;
  private disposed = false;
  initialSpread: number[] = [];

  constructor(
    readonly dataset: Dataset,
    private readonly run: EngineRun,
    /** The learning rate and method, changed by live settings before a chunk. */
    private readonly settings: MethodSettings,
    needs: MethodNeeds,
    batchSize: number,
    seed: number,
    private readonly conflictEvery: number,
    private readonly testLossEvery: number,
    private readonly modelConfig: ModelConfig,
  ) {
    const dims = modelDims(dataset);
    this.T = dims.tasks;
    this.width = outputWidth(dims);
    this.train_ = hostSplit(dataset.train, dataset.features, this.T);
    this.test_ = hostSplit(dataset.test, dataset.features, this.T);
    this.sampler = new HostSampler(this.train_, batchSize, seed);
    this.batch = new BatchBuffers(run.rows('train'), dataset.features, this.T);
    this.evalBatch = new BatchBuffers(run.rows('evaluation'), dataset.features, this.T);
    this.lossSum = new Float64Array(this.T);
    this.ctx = {
      run,
      method: settings.createMethod(),
      needs,
      tasks: this.T,
      stepsPerEpoch: this.sampler.stepsPerEpoch,
    };
  }

  get step(): number {
    return this.current;
  }

  get stepsPerEpoch(): number {
    return this.sampler.stepsPerEpoch;
  }

  private serial<R>(fn: () => Promise<R> | R): Promise<R> {
    const next = this.queue.then(() => {
      if (this.disposed) throw new Error('trainer was disposed');
      return fn();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The output's spread across the training inputs at step 0 (run info, Model panel). */
  measureInitialSpread(): Promise<void> {
    return this.serial(() => {
      const { table, cpu } = this.table('train');
      this.initialSpread = outputSpread(this.dataset.tasks, table, cpu.rows);
    });
  }

  updateSettings(settings: LiveSettings): void {
    this.settings.queue(settings);
  }

  train(steps: number): Promise<void> {
    return this.serial(() => {
      const change = this.settings.take();
      if (change) {
        this.run.setLearningRate(change.learningRate);
        this.ctx.method = change.method;
      }
      for (let i = 0; i < steps; i++) {
        const step = this.current;
        this.sampler.fill(step, this.batch);
        this.run.load('train', this.batch);
        const outcome = engineStep(this.ctx, step);
        for (let t = 0; t < this.T; t++) this.lossSum[t] += outcome.losses[t];
        this.lastWeights = outcome.weights;
        if (outcome.gram) this.lastGram = { step, gram: outcome.gram };
        else if (this.conflictEvery > 0 && step % this.conflictEvery === 0) {
          // Loss methods: the conflict view's Gram matrix on the same batch after the update.
          this.run.forward('train');
          const { gram } = this.run.backward('per-task');
          if (gram) this.lastProbe = conflictStats(step, gram, this.T);
        }
        this.accumulated++;
        this.current++;
      }
    });
  }

  /** Evaluation passes over a split: per-task loss sums and counts, outputs, mean gates. */
  private sweep(split: HostSplit, keepOutputs: boolean) {
    const B = this.evalBatch.rows;
    const T = this.T;
    const order = rowRange(split.rows);
    const batches = Math.max(1, Math.ceil(split.rows / B));
    const sums = new Float64Array(T);
    const counts = new Float64Array(T);
    const stride = batches * B;
    const outputs = keepOutputs ? new Float32Array(T * stride * this.width) : null;
    let gates: number[][] | null = null;
    for (let i = 0; i < batches; i++) {
      this.evalBatch.gather(split, order, i * B, Math.min(B, split.rows - i * B));
      this.run.load('evaluation', this.evalBatch);
      const means = this.run.forward('evaluation');
      for (let t = 0; t < T; t++) {
        let n = 0;
        for (let r = 0; r < B; r++) n += this.evalBatch.mask[r * T + t];
        sums[t] += means[t] * n;
        counts[t] += n;
      }
      if (outputs) {
        const out = this.run.outputs('evaluation');
        const block = B * this.width;
        for (let t = 0; t < T; t++) {
          outputs.set(out.subarray(t * block, (t + 1) * block), (t * stride + i * B) * this.width);
        }
      }
      const g = this.run.gates('evaluation');
      if (g)
        gates = gates
          ? gates.map((row, t) => row.map((v, e) => v + g[t][e] / batches))
          : g.map((row) => row.map((v) => v / batches));
    }
    const loss = Array.from(sums, (s, t) => s / Math.max(counts[t], 1));
    return { loss, outputs, stride, gates };
  }

  snapshot(): Promise<Snapshot> {
    return this.serial(() => {
      const T = this.T;
      const steps = this.accumulated;
      if (!this.test || this.current - this.test.step >= this.testLossEvery) {
        const s = this.sweep(this.test_, false);
        this.test = { step: this.current, loss: s.loss, gates: s.gates };
      }
      const trainLoss = Array.from(this.lossSum, (v) => (steps ? v / steps : NaN));
      const finite = this.finiteness();
      const badTasks = trainLoss
        .map((_, t) => t)
        .filter((t) => !Number.isFinite(this.lossSum[t]) || !finite.tasks[t]);
      const sharedFinite = finite.shared && this.lossSum.every(Number.isFinite);
      this.lossSum = new Float64Array(T);
      this.accumulated = 0;
      const ok = sharedFinite && badTasks.length === 0;
      this.diverged ||= !ok;
      if (!ok && !this.divergence) {
        this.divergence = { step: this.current, tasks: badTasks, sharedParameters: !sharedFinite };
      }
      const conflict = this.lastGram
        ? conflictStats(this.lastGram.step, this.lastGram.gram, T)
        : this.lastProbe;
      return {
        step: this.current,
        epoch: Math.floor(this.current / this.stepsPerEpoch),
        trainLoss,
        testLoss: this.test.loss,
        methodWeights: this.lastWeights,
        learningRate: this.settings.learningRate,
        conflict,
        gates: this.test.gates,
        attention: null,
        diverged: this.diverged,
        divergence: this.divergence,
      };
    });
  }

  private finiteness(): { shared: boolean; tasks: boolean[] } {
    const tasks = new Array<boolean>(this.T).fill(true);
    let shared = true;
    for (const w of this.run.exportWeights()) {
      const spec = this.run.specs.find((s) => s.name === w.name);
      const block = w.values.length / this.T;
      for (let i = 0; i < w.values.length; i++) {
        if (Number.isFinite(w.values[i])) continue;
        if (spec?.shared) shared = false;
        else tasks[Math.floor(i / block)] = false;
      }
    }
    return { shared, tasks };
  }

  private table(split: SplitName | Split): { table: OutputTable; cpu: Split } {
    const cpu =
      split === 'train'
        ? this.dataset.train
        : split === 'test'
          ? this.dataset.test
          : visibleSplit(this.dataset, split);
    const host =
      split === 'train'
        ? this.train_
        : split === 'test'
          ? this.test_
          : hostSplit(cpu, this.dataset.features, this.T);
    const s = this.sweep(host, true);
    return { table: { values: s.outputs!, stride: s.stride, width: this.width }, cpu };
  }

  evaluate(split: SplitName | Split): Promise<TaskMetrics[]> {
    return this.serial(() => {
      const { table, cpu } = this.table(split);
      return computeMetrics(this.dataset.tasks, table, cpu);
    });
  }

  predict(split: SplitName | Split): Promise<number[][]> {
    return this.serial(() => {
      const { table, cpu } = this.table(split);
      return Array.from({ length: cpu.rows }, (_, r) =>
        this.dataset.tasks.map((task, t) => {
          const z = taskOutputs(table, t, r, task.outputs);
          if (task.kind === 'binary') return 1 / (1 + Math.exp(-z[0]));
          if (task.kind === 'multiclass') return argmax(z);
          return toLabelUnits(task, z[0]);
        }),
      );
    });
  }

  networkView(plane: PlaneSpec, grid: number, pull = false): Promise<NetworkViewData> {
    return this.serial(() => {
      const drawn = makePlane(plane, this.dataset);
      const dims = modelDims(this.dataset);
      const rows = Math.max(1, Math.min(NETWORK_VIEW_SAMPLE, this.dataset.train.rows));
      return computeNetworkViewFromWeights({
        model: {
          arch: getArchitecture(this.modelConfig.architecture),
          config: this.modelConfig,
          dims,
          specs: this.run.specs,
        },
        weights: this.run.exportWeights(),
        // The network sees switched-off inputs at 0; the true function and the points do not.
        plane: visiblePlane(this.dataset, drawn),
        grid,
        overlay: planeOverlay(this.dataset, drawn, grid),
        sample: this.dataset.train.x.subarray(0, rows * dims.features),
        sampleRows: rows,
        ...(pull ? { labels: sampleLabels(this.dataset, rows) } : {}),
        step: this.current,
      });
    });
  }

  exportWeights(): Promise<WeightEntry[]> {
    return this.serial(() => this.run.exportWeights());
  }

  importWeights(weights: WeightEntry[]): Promise<void> {
    return this.serial(() => {
      this.run.importWeights(weights);
      this.run.resetOptimizer();
      this.test = null;
    });
  }

  restore(checkpoint: TrainerCheckpoint): Promise<void> {
    return this.serial(() => {
      this.run.importWeights(checkpoint.weights);
      this.run.resetOptimizer();
      this.lossSum = new Float64Array(this.T);
      this.accumulated = 0;
      this.current = checkpoint.step;
      this.lastWeights = null;
      this.test = null;
      this.diverged = false;
      this.divergence = null;
    });
  }

  exportState(): Promise<TrainerState> {
    return this.serial(() => ({
      step: this.current,
      weights: this.run.exportWeights(),
      moments: this.run.exportMoments(),
      method: this.ctx.method,
    }));
  }

  async restoreState(state: TrainerState): Promise<void> {
    await this.restore(state);
    return this.serial(() => {
      this.run.importMoments(state.moments);
      this.ctx.method = state.method;
    });
  }

  outputTable(split: SplitName): Promise<OutputTable> {
    return this.serial(() => this.table(split).table);
  }

  /** TAG affinity and data maps are measured by the tfjs trainer only (not on this engine yet). */
  affinity(): null {
    return null;
  }

  dataMaps(): null {
    return null;
  }

  memoryBytes(): number {
    return this.run.memoryBytes();
  }

  methodState(): Record<string, number[]> | null {
    return this.ctx.method.state?.() ?? null;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.run.dispose();
  }
}

/** A Trainer on `engine`; throws with the engine's reason when it cannot run this config. */
export type EngineTrainer = Trainer & { memoryBytes(): number };

export async function createEngineTrainer(
  engine: Engine,
  args: CreateTrainerArgs,
): Promise<EngineTrainer> {
  const { config, dataset } = args;
  const method = args.method ?? resolveMethod(config.train);
  const unavailable = await engine.available();
  if (unavailable) throw new Error(`${engine.label}: ${unavailable}`);
  const arch = getArchitecture(config.model.architecture);
  const unsupported = engine.supports(arch, method.needs, config.model);
  if (unsupported) throw new Error(`${engine.label}: ${unsupported}`);
  const batchSize = Math.max(1, Math.min(config.train.batchSize, dataset.train.rows));
  const evalRows = Math.max(dataset.train.rows, dataset.test.rows, 1);
  const evalBatchSize = Math.max(1, Math.min(args.options?.evalBatchSize ?? 1024, evalRows));
  const run = await engine.build({ config, dataset, batchSize, evalBatchSize });
  const trainer = new EngineRunTrainer(
    dataset,
    run,
    new MethodSettings(method, config.train, dataset.tasks),
    method.needs,
    batchSize,
    config.train.weightSeed,
    args.options?.conflictEvery ?? 0,
    args.options?.testLossEvery ?? 50,
    config.model,
  );
  await trainer.measureInitialSpread();
  return trainer;
}
