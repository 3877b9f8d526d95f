/**
 * The worker side of "compare runs": builds one trainer per run on the same dataset with the same
 * weight seed, and answers the page's compare requests. LabSession serialises the calls.
 */
import type { DataConfig, LabConfig } from '../core/config/schema';
import { generateDataset } from '../core/data/generator';
import type { Dataset } from '../core/data/types';
import type { RunSpec } from '../core/io';
import { createTrainer } from '../core/train/trainer';
import { RunsGroup } from './runsGroup';
import type {
  CompareRequest,
  CompareResults,
  CompareState,
  RunsListener,
  RunsSnapshot,
} from './protocol/runs';
import { runConfigs } from '../core/config/runsConfig';

export const MAX_COMPARE_RUNS = 8;
const MAX_STEPS_PER_CALL = 1_000_000;

type DatasetSource = (data: DataConfig) => Dataset | null;

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class RunsSession {
  private group: RunsGroup | null = null;
  private configs: LabConfig[] = [];
  private dataset: Dataset | null = null;
  private groupId = 0;
  private listener: RunsListener = () => {};

  constructor(
    private readonly mainDataset: DatasetSource,
    private readonly onError: (message: string) => void,
  ) {}

  get active(): boolean {
    return this.group !== null;
  }

  async handle(request: CompareRequest, listener?: RunsListener): Promise<CompareState | null> {
    if (listener) this.listener = listener;
    switch (request.kind) {
      case 'start':
        return this.start(request.base, request.runs);
      case 'stop':
        await this.stop();
        return null;
      case 'play':
        this.require().start();
        return null;
      case 'pause': {
        const group = this.require();
        await group.stop();
        return this.state(await group.publish());
      }
      case 'step': {
        const { steps } = request;
        if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS_PER_CALL) {
          throw new Error(`step count must be a whole number from 1 to ${MAX_STEPS_PER_CALL}`);
        }
        const group = this.require();
        await group.stop();
        return this.state(await group.runSteps(steps));
      }
      case 'restart':
        return this.restart(request.index);
      case 'reset':
        return this.start(null, null);
    }
  }

  async results(): Promise<CompareResults> {
    const group = this.require();
    const metrics = await group.evaluate();
    const snapshot = await group.publish();
    return { groupId: this.groupId, step: snapshot.runs.map((r) => r.step), metrics };
  }

  /** Stop training the runs (the main run is about to play) and tell the page. */
  async pause(): Promise<void> {
    if (!this.group?.isRunning) return;
    await this.group.stop();
    await this.group.publish();
  }

  /** Stop and free the compared runs (`abandon`: their GPU was lost, see PacedLoop.stop). */
  async stop(abandon = false): Promise<void> {
    await this.group?.stop(abandon);
    this.group?.dispose();
    this.group = null;
  }

  private require(): RunsGroup {
    if (!this.group) throw new Error('no runs to compare yet: start a comparison first');
    return this.group;
  }

  private state(snapshot: RunsSnapshot): CompareState {
    const tasks = this.dataset?.tasks ?? [];
    return { groupId: this.groupId, configs: this.configs, tasks, snapshot };
  }

  /** New runs (base and runs given) or the same runs from step 0 (both null). */
  private async start(base: LabConfig | null, runs: RunSpec[] | null): Promise<CompareState> {
    let configs = this.configs;
    let dataset = this.dataset;
    if (base && runs) {
      if (runs.length < 1 || runs.length > MAX_COMPARE_RUNS) {
        throw new Error(`compare 1 to ${MAX_COMPARE_RUNS} runs (got ${runs.length})`);
      }
      configs = runConfigs(base, runs);
      dataset = this.datasetFor(base.data);
    }
    if (!dataset || configs.length === 0) throw new Error('no runs to compare yet');
    const trainers = [];
    try {
      for (const config of configs) trainers.push(await createTrainer({ config, dataset }));
    } catch (error) {
      for (const trainer of trainers) trainer.dispose();
      throw error;
    }
    await this.stop();
    this.configs = configs;
    this.dataset = dataset;
    this.groupId += 1;
    this.group = new RunsGroup(trainers, this.groupId, (s) => this.listener(s), this.onError);
    return this.state(await this.group.publish());
  }

  private async restart(index: number): Promise<CompareState> {
    const group = this.require();
    const config = this.configs[index];
    if (!Number.isInteger(index) || !config || !this.dataset) {
      throw new Error(`there is no run ${index} to restart`);
    }
    const wasRunning = group.isRunning;
    await group.stop();
    group.replace(index, await createTrainer({ config, dataset: this.dataset }));
    const snapshot = await group.publish();
    if (wasRunning) group.start();
    return this.state(snapshot);
  }

  private datasetFor(data: DataConfig): Dataset {
    const main = this.mainDataset(data);
    if (main) return main;
    if (this.dataset && this.configs[0] && sameJson(this.configs[0].data, data))
      return this.dataset;
    return generateDataset(data);
  }
}
