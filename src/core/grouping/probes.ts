/**
 * The grouping measurements a Trainer can take while it trains (both optional, off by default):
 *   affinity  TAG's lookahead every `affinityEvery` steps on that step's batch, before the step;
 *   data map  STG-MTL's Welford statistics, one observation per epoch from the training split.
 * The trainer calls `beforeStep` in its loop; nothing here runs when both are off.
 */
import type { Dataset } from '../data/types';
import type { OutputTable } from '../train/metrics';
import type { StepContext } from '../train/step';
import { AffinityAccumulator, lookaheadAffinity, type AffinityReport } from './affinity';
import { DataMapRecorder, type DataMaps } from './dataMap';
import { lookaheadAtStep } from './lookahead';

export interface ProbeOptions {
  /** Measure TAG's affinity every k steps (0 = off). */
  affinityEvery: number;
  /** Record STG-MTL's data maps once per epoch. */
  dataMap: boolean;
}

export class GroupingProbes {
  private readonly affinityAcc: AffinityAccumulator | null;
  private recorder: DataMapRecorder | null;
  private lastEpoch = 0;

  constructor(
    private readonly dataset: Dataset,
    private readonly options: ProbeOptions,
    private readonly learningRate: number,
  ) {
    this.affinityAcc =
      options.affinityEvery > 0 ? new AffinityAccumulator(dataset.tasks.length) : null;
    this.recorder = options.dataMap ? new DataMapRecorder(dataset.tasks, dataset.train) : null;
  }

  static wanted(options: ProbeOptions): boolean {
    return options.affinityEvery > 0 || options.dataMap;
  }

  /** Measure what is due before `step` runs; `trainOutputs` reads the training split's outputs. */
  async beforeStep(
    ctx: StepContext,
    step: number,
    trainOutputs: () => Promise<OutputTable>,
  ): Promise<void> {
    const epoch = Math.floor(step / ctx.sampler.stepsPerEpoch);
    if (this.recorder && epoch > this.lastEpoch) {
      this.lastEpoch = epoch;
      this.recorder.record(await trainOutputs());
    }
    const k = this.options.affinityEvery;
    if (this.affinityAcc && step % k === 0) {
      const { before, after } = await lookaheadAtStep(ctx, step, this.learningRate);
      this.affinityAcc.add(step, lookaheadAffinity(before, after, this.learningRate));
    }
  }

  /** Record the data map now (e.g. at the end of a run whose last epoch is complete). */
  async recordNow(trainOutputs: () => Promise<OutputTable>): Promise<void> {
    if (this.recorder) this.recorder.record(await trainOutputs());
  }

  affinity(): AffinityReport | null {
    return this.affinityAcc?.report() ?? null;
  }

  dataMaps(): DataMaps | null {
    return this.recorder?.maps() ?? null;
  }

  /** Start again (the run went back to step 0 or to a checkpoint). */
  reset(step: number, stepsPerEpoch: number): void {
    this.affinityAcc?.reset();
    if (this.recorder) this.recorder = new DataMapRecorder(this.dataset.tasks, this.dataset.train);
    this.lastEpoch = Math.floor(step / stepsPerEpoch);
  }
}
