/**
 * The engine's public object. One Trainer owns every tensor it makes (data, variables, optimizer
 * state, accumulators) and frees them in dispose(). Public async calls run one after another
 * (a promise queue), so a worker may call train(k) and snapshot() freely without interleaving.
 * Assumes a tfjs backend is already set.
 */
import { tf } from '../tf';
import type { LiveSettings } from '../config/liveSettings';
import type { LabConfig } from '../config/schema';
import { toLabelUnits, type Dataset, type Split } from '../data/types';
import { featureGroupErrors } from '../model/featureGroups';
import { switchOffFeatures, visiblePlane, visibleSplit } from '../data/featuresOff';
import type { MethodDefinition, MethodInstance } from '../methods/types';
import { getArchitecture, modelDims } from '../model/registry';
import { outputWidth } from '../model/towers';
import { conflictStats } from './conflict';
import {
  DIVERSITY_ROWS,
  diversityFromGram,
  expertGram,
  expertLabels,
  type Diversity,
} from './diversity';
import { BatchSampler, disposeSplit, uploadSplit, type DeviceSplit } from './deviceData';
import { finitenessProbes, splitOutputs, summarizeSplit } from './evaluation';
import { assertGradientsRegistered } from './gradients';
import { TaskLosses } from './losses';
import { argmax, computeMetrics, taskOutputs, type OutputTable } from './metrics';
import { ModelState } from './modelState';
import { outputSpread } from './outputSpread';
import { createOptimizer } from '../engines/webgpu/fusedOptimizer';
import { MethodSettings } from './methodSettings';
import { resolveMethod } from './resolveMethod';
import { trainStep, type StepContext } from './step';
import { tidyKeep } from './tidy';
import type { ConflictStats, Divergence, Routing, Snapshot, TaskMetrics } from './types';
import type {
  CreateTrainerArgs,
  SplitName,
  Trainer,
  TrainerCheckpoint,
  TrainerOptions,
  TrainerState,
} from './api';
import { exportVariables, importVariables, type WeightEntry } from './weights';
import { GroupingProbes } from '../grouping/probes';
import type { AffinityReport } from '../grouping/affinity';
import type { DataMaps } from '../grouping/dataMap';
import { activeEngine, engineFallback } from '../engines/active';
import { createEngineTrainer } from '../engines/trainer';
import { makePlane, type PlaneSpec } from '../network/plane';
import { planeOverlay } from '../network/planeTruth';
import { sampleLabels } from '../network/linkGradients';
import { computeNetworkView, NETWORK_VIEW_SAMPLE, type NetworkViewData } from '../network/view';

export type { CreateTrainerArgs, Trainer } from './api';

interface Evaluable {
  split: DeviceSplit;
  batch: number;
}

class EngineTrainer implements Trainer {
  private current = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly ctx: StepContext;
  private readonly T: number;
  private readonly width: number;
  private readonly trainData: Evaluable;
  private readonly testData: Evaluable;
  private accumulated = 0;
  private lastWeights: number[] | null = null;
  private lastGram: { step: number; gram: Float64Array } | null = null;
  private probe: { step: number; gram: tf.Tensor2D } | null = null;
  private lastProbe: ConflictStats | null = null;
  /** A Step asked for fresh views: evaluate the test loss at the next snapshot. */
  private testStale = false;
  private test: {
    step: number;
    loss: number[];
    gates: number[][] | null;
    attention: number[][] | null;
    routing: Routing | null;
    diversity: Diversity | null;
  } | null = null;
  /**
   * The experts' Gram matrix at initialisation, read back with the first snapshot: the reference
   * beside the run's diversity (the same seed gives MMoE and MMoEEx the same experts; diversity.ts).
   */
  private initialGram: tf.Tensor2D | null = null;
  private diversityAtStart: Diversity | null = null;
  private diverged = false;
  /** Where the first NaN/Inf was seen (sticky until restore()). */
  private divergence: Divergence | null = null;
  private disposed = false;
  /** TAG affinity and STG-MTL data maps, when asked for (src/core/grouping). */
  private readonly probes: GroupingProbes | null;
  /** The learning rate and method, changed by live settings before a chunk. */
  private readonly settings: MethodSettings;

  constructor(
    readonly dataset: Dataset,
    private readonly config: LabConfig,
    method: MethodDefinition,
    private readonly options: Required<TrainerOptions>,
  ) {
    const dims = modelDims(dataset);
    this.T = dims.tasks;
    this.width = outputWidth(dims);
    const arch = getArchitecture(config.model.architecture);
    const upload = (s: Split): Evaluable => {
      const batch = Math.max(1, Math.min(options.evalBatchSize, s.rows));
      return { split: uploadSplit(s, dataset.features, this.T, batch), batch };
    };
    this.trainData = upload(dataset.train);
    this.testData = upload(dataset.test);
    const model = new ModelState(arch, config.model, dims, config.train.weightSeed);
    this.settings = new MethodSettings(method, config.train, dataset.tasks);
    const instance: MethodInstance = this.settings.createMethod();
    this.ctx = {
      model,
      lossFns: new TaskLosses(dataset.tasks, this.width),
      optimizer: options.createOptimizer({
        variables: model.variables,
        specs: model.specs,
        learningRate: config.train.learningRate,
        tasks: this.T,
      }),
      sampler: new BatchSampler(
        this.trainData.split,
        config.train.batchSize,
        config.train.weightSeed,
      ),
      method: instance,
      needs: method.needs,
      lossSum: tf.tidy(() => tf.variable(tf.zeros([this.T]), false)),
    };
    this.initialGram = expertLabels(model) ? this.expertGram() : null;
    const probeOptions = { affinityEvery: options.affinityEvery, dataMap: options.dataMap };
    this.probes = GroupingProbes.wanted(probeOptions)
      ? new GroupingProbes(dataset, probeOptions, config.train.learningRate)
      : null;
  }

  get step(): number {
    return this.current;
  }

  /** Per task, the std of the output across the training inputs at step 0 (outputSpread.ts). */
  initialSpread: number[] = [];

  /** Reads the outputs on the training split once; call before the first step. */
  measureInitialSpread(): Promise<void> {
    return this.serial(async () => {
      const { table, cpu } = await this.outputs('train');
      this.initialSpread = outputSpread(this.dataset.tasks, table, cpu.rows);
    });
  }

  get stepsPerEpoch(): number {
    return this.ctx.sampler.stepsPerEpoch;
  }

  private serial<R>(fn: () => Promise<R>): Promise<R> {
    const run = this.queue.then(() => {
      if (this.disposed) throw new Error('trainer was disposed');
      return fn();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  updateSettings(settings: LiveSettings): void {
    this.settings.queue(settings);
  }

  /** Live settings queued since the last chunk: the optimizer's learning rate, a new method. */
  private applySettings(): void {
    const change = this.settings.take();
    if (!change) return;
    this.ctx.optimizer.setLearningRate(change.learningRate);
    this.ctx.method = change.method;
  }

  train(steps: number, refreshViews = false): Promise<void> {
    return this.serial(async () => {
      this.applySettings();
      if (refreshViews) this.testStale = true;
      for (let i = 0; i < steps; i++) {
        const step = this.current;
        const k = this.options.conflictEvery;
        const onDemand = refreshViews && k > 0 && i === steps - 1;
        await this.probes?.beforeStep(
          this.ctx,
          step,
          async () => (await this.outputs('train')).table,
        );
        const outcome = await trainStep(this.ctx, step, onDemand || (k > 0 && step % k === 0));
        this.lastWeights = outcome.weights;
        if (outcome.gram) this.lastGram = { step, gram: outcome.gram };
        if (outcome.probe) {
          this.probe?.gram.dispose();
          this.probe = { step, gram: outcome.probe };
        }
        this.accumulated++;
        this.current++;
      }
    });
  }

  snapshot(): Promise<Snapshot> {
    return this.serial(async () => {
      const T = this.T;
      const steps = this.accumulated;
      const testDue =
        !this.test ||
        (this.testStale && this.test.step !== this.current) ||
        this.current - this.test.step >= this.options.testLossEvery;
      this.testStale = false;
      const summary = testDue
        ? summarizeSplit(this.ctx.model, this.ctx.lossFns, this.testData.split, this.testData.batch)
        : null;
      const probe = this.probe;
      this.probe = null;
      const experts = summary ? expertLabels(this.ctx.model) : null;
      const diversity = experts ? this.expertGram() : null;
      const packed = tf.tidy(() => {
        const parts: tf.Tensor[] = [
          tf.reshape(this.ctx.lossSum, [T]),
          ...finitenessProbes(this.ctx.model, this.ctx.lossSum, T),
        ];
        if (summary) {
          parts.push(summary.loss);
          if (summary.gates) parts.push(tf.reshape(summary.gates, [-1]));
          if (summary.attention) parts.push(tf.reshape(summary.attention, [-1]));
          if (summary.routing) {
            parts.push(tf.reshape(summary.routing.usage, [-1]), summary.routing.balanceLoss);
          }
          if (diversity) parts.push(tf.reshape(diversity, [-1]));
        }
        if (probe) parts.push(tf.reshape(probe.gram, [-1]));
        if (this.initialGram) parts.push(tf.reshape(this.initialGram, [-1]));
        return tf.concat(parts);
      });
      // Reset before awaiting so no later step's loss is lost.
      tf.tidy(() => this.ctx.lossSum.assign(tf.zerosLike(this.ctx.lossSum)));
      this.accumulated = 0;
      const data = Float64Array.from(await packed.data());
      packed.dispose();
      let at = 0;
      const take = (n: number) => data.subarray(at, (at += n));
      const trainLoss = Array.from(take(T), (v) => (steps ? v / steps : NaN));
      const sharedFinite = Number.isFinite(take(1)[0]);
      const taskParams = take(T);
      // Per task: its summed loss or its own parameters went NaN/Inf (names the task that diverged).
      const badTasks = trainLoss
        .map((_, t) => t)
        .filter((t) => !Number.isFinite(data[t]) || !Number.isFinite(taskParams[t]));
      const finite = sharedFinite && badTasks.length === 0;
      if (summary) {
        const loss = Array.from(take(T));
        const rows = (t: tf.Tensor2D | null) =>
          t ? Array.from({ length: T }, () => Array.from(take(t.shape[1]))) : null;
        this.test = {
          step: this.current,
          loss,
          gates: rows(summary.gates),
          attention: rows(summary.attention),
          routing: summary.routing
            ? { usage: rows(summary.routing.usage)!, balanceLoss: take(1)[0] }
            : null,
          diversity:
            diversity && experts ? diversityFromGram(take(experts.length ** 2), experts) : null,
        };
        tf.dispose([
          summary.loss,
          summary.gates ?? [],
          summary.attention ?? [],
          summary.routing ? [summary.routing.usage, summary.routing.balanceLoss] : [],
          diversity ?? [],
        ]);
      }
      let conflict: ConflictStats | null = this.lastGram
        ? conflictStats(this.lastGram.step, this.lastGram.gram, T)
        : this.lastProbe;
      if (probe) {
        conflict = conflictStats(probe.step, take(T * T), T);
        // Kept: later snapshots report the last probe until the next one (loss methods).
        this.lastProbe = conflict;
        probe.gram.dispose();
      }
      if (this.initialGram) {
        const experts = expertLabels(this.ctx.model)!;
        this.diversityAtStart = diversityFromGram(take(experts.length ** 2), experts);
        this.initialGram.dispose();
        this.initialGram = null;
      }
      this.diverged ||= !finite;
      if (!finite && !this.divergence) {
        this.divergence = { step: this.current, tasks: badTasks, sharedParameters: !sharedFinite };
      }
      return {
        step: this.current,
        epoch: Math.floor(this.current / this.stepsPerEpoch),
        trainLoss,
        testLoss: this.test ? this.test.loss : new Array<number>(T).fill(NaN),
        testStep: this.test ? this.test.step : NaN,
        methodWeights: this.lastWeights,
        methodState: this.ctx.method.state?.() ?? null,
        learningRate: this.settings.learningRate,
        conflict,
        gates: this.test?.gates ?? null,
        attention: this.test?.attention ?? null,
        routing: this.test?.routing ?? null,
        diversity: this.test?.diversity ?? null,
        diversityAtStart: this.diversityAtStart,
        initialSpread: this.initialSpread,
        diverged: this.diverged,
        divergence: this.divergence,
      };
    });
  }

  /** The experts' Gram matrix on the first test rows (diversity.ts); the caller disposes it. */
  private expertGram(): tf.Tensor2D | null {
    const { x, rows } = this.testData.split;
    const n = Math.min(rows, DIVERSITY_ROWS);
    if (n === 0) return null;
    return tidyKeep(() => expertGram(this.ctx.model, tf.slice(x, [0, 0], [n, x.shape[1]])));
  }

  private async outputs(split: SplitName | Split): Promise<{ table: OutputTable; cpu: Split }> {
    const own = split === 'train' ? this.trainData : split === 'test' ? this.testData : null;
    const cpu =
      split === 'train'
        ? this.dataset.train
        : split === 'test'
          ? this.dataset.test
          : visibleSplit(this.dataset, split);
    let target = own;
    if (!target) {
      const batch = Math.max(1, Math.min(this.options.evalBatchSize, cpu.rows));
      target = { split: uploadSplit(cpu, this.dataset.features, this.T, batch), batch };
    }
    const out = splitOutputs(this.ctx.model, target.split, target.batch);
    const stride = target.split.paddedRows;
    if (!own) disposeSplit(target.split);
    const values = (await out.data()) as Float32Array;
    out.dispose();
    return { table: { values, stride, width: this.width }, cpu };
  }

  evaluate(split: SplitName | Split): Promise<TaskMetrics[]> {
    return this.serial(async () => {
      const { table, cpu } = await this.outputs(split);
      return computeMetrics(this.dataset.tasks, table, cpu);
    });
  }

  predict(split: SplitName | Split): Promise<number[][]> {
    return this.serial(async () => {
      const { table, cpu } = await this.outputs(split);
      const tasks = this.dataset.tasks;
      return Array.from({ length: cpu.rows }, (_, r) =>
        tasks.map((task, t) => {
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
      const model = this.ctx.model;
      const train = this.dataset.train;
      const D = this.dataset.features;
      const sampleRows = Math.max(1, Math.min(NETWORK_VIEW_SAMPLE, train.rows));
      return computeNetworkView({
        model: { ...model, arch: model.arch, specs: model.specs, values: model.variables },
        // The network sees switched-off inputs at 0; the true function and the points do not.
        plane: visiblePlane(this.dataset, drawn),
        grid,
        overlay: planeOverlay(this.dataset, drawn, grid),
        sample: train.x.subarray(0, sampleRows * D),
        sampleRows,
        ...(pull ? { labels: sampleLabels(this.dataset, sampleRows) } : {}),
        step: this.current,
      });
    });
  }

  exportWeights(): Promise<WeightEntry[]> {
    return this.serial(() => exportVariables(this.ctx.model));
  }

  importWeights(weights: WeightEntry[]): Promise<void> {
    return this.serial(async () => {
      importVariables(this.ctx.model, weights);
      this.ctx.optimizer.reset();
      this.test = null;
    });
  }

  restore(checkpoint: TrainerCheckpoint): Promise<void> {
    return this.serial(async () => {
      importVariables(this.ctx.model, checkpoint.weights);
      this.ctx.optimizer.reset();
      tf.tidy(() => this.ctx.lossSum.assign(tf.zerosLike(this.ctx.lossSum)));
      this.accumulated = 0;
      this.current = checkpoint.step;
      this.lastWeights = null;
      this.test = null;
      this.diverged = false;
      this.divergence = null;
      this.probes?.reset(checkpoint.step, this.stepsPerEpoch);
    });
  }

  exportState(): Promise<TrainerState> {
    return this.serial(async () => ({
      step: this.current,
      weights: await exportVariables(this.ctx.model),
      moments: await this.ctx.optimizer.exportMoments(),
      method: this.ctx.method,
    }));
  }

  async restoreState(state: TrainerState): Promise<void> {
    await this.restore(state);
    return this.serial(async () => {
      this.ctx.optimizer.importMoments(state.moments);
      this.ctx.method = state.method;
    });
  }

  outputTable(split: SplitName): Promise<OutputTable> {
    return this.serial(async () => (await this.outputs(split)).table);
  }

  affinity(): AffinityReport | null {
    return this.probes?.affinity() ?? null;
  }

  dataMaps(): DataMaps | null {
    return this.probes?.dataMaps() ?? null;
  }

  methodState(): Record<string, number[]> | null {
    return this.ctx.method.state?.() ?? null;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.probe?.gram.dispose();
    this.initialGram?.dispose();
    this.ctx.sampler.dispose();
    this.ctx.optimizer.dispose();
    this.ctx.lossFns.dispose();
    this.ctx.model.dispose();
    this.ctx.lossSum.dispose();
    this.ctx.groupNorms?.dispose();
    disposeSplit(this.trainData.split);
    disposeSplit(this.testData.split);
  }
}

export async function createTrainer(given: CreateTrainerArgs): Promise<Trainer> {
  // Switched-off inputs are zeroed here, once, so every engine trains on the same columns.
  const args = {
    ...given,
    dataset: switchOffFeatures(given.dataset, given.config.model.inputsOff),
  };
  const method = args.method ?? resolveMethod(args.config.train);
  // An engine chosen as the backend (engines/active.ts) trains what it covers; tfjs the rest.
  const engine = activeEngine();
  const arch = getArchitecture(args.config.model.architecture);
  const groupErrors = featureGroupErrors(args.config.model, args.dataset.features, arch);
  if (groupErrors.length) throw new Error(groupErrors.join('\n'));
  if (engine && !engineFallback(arch, method.needs, args.config.model)) {
    return createEngineTrainer(engine, { ...args, method });
  }
  const options: Required<TrainerOptions> = {
    conflictEvery: args.options?.conflictEvery ?? 0,
    testLossEvery: args.options?.testLossEvery ?? 50,
    evalBatchSize: args.options?.evalBatchSize ?? 1024,
    // Fused Adam on webgpu, plain Adam elsewhere (fusedOptimizer.ts).
    createOptimizer: args.options?.createOptimizer ?? ((o) => createOptimizer(o)),
    affinityEvery: args.options?.affinityEvery ?? 0,
    dataMap: args.options?.dataMap ?? false,
  };
  await tf.ready();
  assertGradientsRegistered();
  const trainer = new EngineTrainer(args.dataset, args.config, method, options);
  await trainer.measureInitialSpread();
  return trainer;
}
