/**
 * The live part of a trainer's settings (config/liveSettings.ts): its learning rate and its
 * method instance. `queue` validates a change at once (a bad option is rejected before anything
 * changes) and keeps it; the trainer `take`s it before its next chunk, so a change never lands
 * inside a step. A new method instance starts its own running state afresh (DWA's loss history,
 * UW's log-variances, ...), as re-instantiating a LibMTL weighting would; the network, the step,
 * the optimizer's moments and the batch order stay.
 */
import type { LiveSettings } from '../config/liveSettings';
import type { TrainConfig } from '../config/schema';
import type { TaskInfo } from '../data/types';
import { createRandom, deriveSeed } from '../model/random';
import type { MethodDefinition, MethodInstance } from '../methods/types';
import { methodOptions } from './resolveMethod';

export class MethodSettings {
  private pending: LiveSettings | null = null;

  constructor(
    private readonly definition: MethodDefinition,
    private train: Pick<TrainConfig, 'learningRate' | 'methodOptions' | 'weightSeed'>,
    private readonly tasks: readonly TaskInfo[],
  ) {}

  get learningRate(): number {
    return this.train.learningRate;
  }

  /** A method instance for the current settings (seeded from the weight seed, as at the start). */
  createMethod(): MethodInstance {
    return this.definition.create({
      tasks: this.tasks.length,
      options: methodOptions(this.definition, this.train.methodOptions),
      learningRate: this.train.learningRate,
      random: createRandom(deriveSeed(this.train.weightSeed, 'method')),
      taskKinds: this.tasks.map((t) => t.kind),
    });
  }

  /** Keep a change for the next chunk; throws (keeping nothing) when an option is invalid. */
  queue(settings: LiveSettings): void {
    const next = { ...this.pending, ...settings };
    if (next.methodOptions) methodOptions(this.definition, next.methodOptions);
    if (next.learningRate !== undefined && !(next.learningRate > 0)) {
      throw new Error(`learning rate must be a positive number, got ${next.learningRate}`);
    }
    this.pending = next;
  }

  /** The queued change, applied to these settings: the new learning rate and method, or null. */
  take(): { learningRate: number; method: MethodInstance } | null {
    const change = this.pending;
    if (!change) return null;
    this.pending = null;
    this.train = {
      ...this.train,
      learningRate: change.learningRate ?? this.train.learningRate,
      methodOptions: change.methodOptions ?? this.train.methodOptions,
    };
    return { learningRate: this.train.learningRate, method: this.createMethod() };
  }
}
