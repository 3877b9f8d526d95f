/**
 * Dataset splits as host arrays for the fused engine, cleaned as uploadSplit does (missing or
 * non-finite labels count as unlabelled), and the batch order of BatchSampler (same seeded
 * permutation per epoch, so a seed gives the same batches on every engine).
 */
import type { Split } from '../data/types';
import { createRandom, deriveSeed, permutation } from '../model/random';

export interface HostSplit {
  rows: number;
  features: number;
  tasks: number;
  x: Float32Array;
  y: Float32Array;
  mask: Float32Array;
}

export function hostSplit(split: Split, features: number, tasks: number): HostSplit {
  const rows = split.rows;
  const y = new Float32Array(rows * tasks);
  const mask = new Float32Array(rows * tasks);
  for (let i = 0; i < rows * tasks; i++) {
    const value = split.y[i];
    const labelled = (split.mask ? split.mask[i] !== 0 : true) && Number.isFinite(value);
    y[i] = labelled ? value : 0;
    mask[i] = labelled ? 1 : 0;
  }
  return {
    rows,
    features,
    tasks,
    x: Float32Array.from(split.x.subarray(0, rows * features)),
    y,
    mask,
  };
}

/** Rows of a batch gathered into reusable arrays. */
export class BatchBuffers {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly mask: Float32Array;

  constructor(
    readonly rows: number,
    features: number,
    tasks: number,
  ) {
    this.x = new Float32Array(rows * features);
    this.y = new Float32Array(rows * tasks);
    this.mask = new Float32Array(rows * tasks);
  }

  /** Rows `index[from .. from + rows)` of the split (rows past `count` are padding, mask 0). */
  gather(split: HostSplit, index: ArrayLike<number>, from: number, count: number): void {
    const { features: D, tasks: T } = split;
    this.mask.fill(0);
    this.y.fill(0);
    this.x.fill(0);
    for (let r = 0; r < Math.min(this.rows, count); r++) {
      const i = index[from + r];
      this.x.set(split.x.subarray(i * D, (i + 1) * D), r * D);
      this.y.set(split.y.subarray(i * T, (i + 1) * T), r * T);
      this.mask.set(split.mask.subarray(i * T, (i + 1) * T), r * T);
    }
  }
}

/** The training batch order of BatchSampler (src/core/train/deviceData.ts), on the host. */
export class HostSampler {
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  private epoch = -1;
  private order: Int32Array = new Int32Array(0);

  constructor(
    private readonly split: HostSplit,
    batchSize: number,
    private readonly seed: number,
  ) {
    this.batchSize = Math.max(1, Math.min(batchSize, split.rows));
    this.stepsPerEpoch = Math.max(1, Math.floor(split.rows / this.batchSize));
  }

  fill(step: number, into: BatchBuffers): void {
    const epoch = Math.floor(step / this.stepsPerEpoch);
    if (epoch !== this.epoch) {
      this.order = permutation(
        this.split.rows,
        createRandom(deriveSeed(this.seed, 'batches', epoch)),
      );
      this.epoch = epoch;
    }
    const start = (step % this.stepsPerEpoch) * this.batchSize;
    into.gather(this.split, this.order, start, this.batchSize);
  }
}

/** Identity row order for evaluation batches. */
export function rowRange(rows: number): Int32Array {
  return Int32Array.from({ length: rows }, (_, i) => i);
}
