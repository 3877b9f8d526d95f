/**
 * Dataset splits as device tensors, uploaded once, and the seeded batch sampler. Batches are
 * gathered on the device from a per-epoch permutation of row indices, always with the same shape
 * (the ragged end of an epoch is dropped), so the backend's buffer pool and pipelines stay warm.
 */
import { tf } from '../tf';
import type { Split } from '../data/types';
import { createRandom, deriveSeed, permutation } from '../model/random';
import { gatherRows, type LabelSource } from '../engines/webgpu/taskLoss';

export interface DeviceSplit {
  /** Real rows; tensors may hold more (zero-padded, mask 0) so they divide into equal batches. */
  rows: number;
  paddedRows: number;
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  /** 1 where a label is present, 0 for unlabelled and padding rows; float32 [rows, T]. */
  mask: tf.Tensor2D;
}

/** Upload a split, padding rows to a multiple of `multiple`. Non-finite labels count as missing. */
export function uploadSplit(
  split: Split,
  features: number,
  tasks: number,
  multiple = 1,
): DeviceSplit {
  const rows = split.rows;
  const paddedRows = Math.max(multiple, Math.ceil(rows / multiple) * multiple);
  const x = new Float32Array(paddedRows * features);
  x.set(split.x.subarray(0, rows * features));
  const y = new Float32Array(paddedRows * tasks);
  const mask = new Float32Array(paddedRows * tasks);
  for (let i = 0; i < rows * tasks; i++) {
    const value = split.y[i];
    const labelled = (split.mask ? split.mask[i] !== 0 : true) && Number.isFinite(value);
    y[i] = labelled ? value : 0;
    mask[i] = labelled ? 1 : 0;
  }
  return {
    rows,
    paddedRows,
    x: tf.tensor2d(x, [paddedRows, features]),
    y: tf.tensor2d(y, [paddedRows, tasks]),
    mask: tf.tensor2d(mask, [paddedRows, tasks]),
  };
}

export function disposeSplit(split: DeviceSplit): void {
  tf.dispose([split.x, split.y, split.mask]);
}

export interface Batch {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  mask: tf.Tensor2D;
}

/** A batch whose labels stay in the split (see BatchSampler.windowBatch). */
export interface WindowBatch {
  x: tf.Tensor2D;
  labels: LabelSource;
}

/** Contiguous slice number `index` of an evaluation split (rows multiple of batchSize). */
export function evalBatch(split: DeviceSplit, index: number, batchSize: number): Batch {
  const start = index * batchSize;
  return {
    x: tf.slice(split.x, [start, 0], [batchSize, -1]),
    y: tf.slice(split.y, [start, 0], [batchSize, -1]),
    mask: tf.slice(split.mask, [start, 0], [batchSize, -1]),
  };
}

export class BatchSampler {
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  private epoch = -1;
  private order: tf.Tensor1D | null = null;

  constructor(
    private readonly split: DeviceSplit,
    batchSize: number,
    private readonly seed: number,
  ) {
    this.batchSize = Math.max(1, Math.min(batchSize, split.rows));
    this.stepsPerEpoch = Math.max(1, Math.floor(split.rows / this.batchSize));
  }

  /** Upload the permutation of the step's epoch if needed. Call outside tf.tidy. */
  prepare(step: number): void {
    const epoch = Math.floor(step / this.stepsPerEpoch);
    if (epoch === this.epoch && this.order) return;
    const perm = permutation(
      this.split.rows,
      createRandom(deriveSeed(this.seed, 'batches', epoch)),
    );
    this.order?.dispose();
    this.order = tf.tensor1d(perm.subarray(0, this.stepsPerEpoch * this.batchSize), 'int32');
    this.epoch = epoch;
  }

  /** The step's batch (call `prepare(step)` first; call inside tf.tidy). */
  batch(step: number): Batch {
    if (!this.order) throw new Error('BatchSampler.prepare was not called');
    const start = (step % this.stepsPerEpoch) * this.batchSize;
    const idx = tf.slice(this.order, [start], [this.batchSize]);
    return {
      x: tf.gather(this.split.x, idx),
      y: tf.gather(this.split.y, idx),
      mask: tf.gather(this.split.mask, idx),
    };
  }

  /**
   * The step's batch for the fused WebGPU path: the inputs gathered in one program and the labels
   * as a window of the split (read by the fused loss through the order; nothing gathered).
   */
  windowBatch(step: number): WindowBatch {
    if (!this.order) throw new Error('BatchSampler.prepare was not called');
    const start = (step % this.stepsPerEpoch) * this.batchSize;
    return {
      x: gatherRows(this.split.x, this.order, start, this.batchSize),
      labels: { y: this.split.y, mask: this.split.mask, order: this.order, start },
    };
  }

  dispose(): void {
    this.order?.dispose();
    this.order = null;
  }
}
