/**
 * The scripting API's share, export and compare calls (mixed into `window.mtlLab`).
 */
import type { ImportInput, RunSpec } from '../../core/io';
import type { WeightFormat } from '../../worker/protocol/runs';
import { compareActions } from '../compare/compareActions';
import { useCompareStore } from '../compare/compareStore';
import { shareUrl } from './linkState';
import {
  exportPyTorch,
  exportWeights,
  importWeights,
  predict,
  readWeightFiles,
  type TfjsFiles,
} from './modelActions';

export interface CompareScriptState {
  groupId: number;
  running: boolean;
  labels: string[];
  steps: number[];
  trainLoss: number[][];
  testLoss: number[][];
  stepsPerSecond: number;
  error: string | null;
}

export interface ShareScriptingApi {
  /** 'safetensors' → bytes; 'tfjs' → {modelJson, weights}. */
  exportWeights(format: WeightFormat): Promise<Uint8Array | TfjsFiles>;
  /**
   * What exportWeights gave (bytes, or {modelJson, weights}), or files as a file input gives them:
   * one .safetensors File, or [model.json, weights.bin] (a File[] or FileList). Rejects with the
   * reason when the file does not fit; nothing changes then.
   */
  importWeights(input: WeightsInput): Promise<{ ok: true }>;
  /** rows × tasks in label units (value, probability, class index). */
  predict(split: 'train' | 'test'): Promise<number[][]>;
  /** The PyTorch script for the current model. */
  exportPyTorch(): Promise<string>;
  /** The link that reopens this experiment. */
  getLink(): Promise<string>;
  /** Start comparing runs on the current config (same data, same initial weights). */
  compare(runs: RunSpec[]): Promise<CompareScriptState>;
  compareStep(steps: number): Promise<CompareScriptState>;
  compareState(): Promise<CompareScriptState>;
}

function compareState(): CompareScriptState {
  const s = useCompareStore.getState();
  const runs = s.latest?.runs ?? [];
  return {
    groupId: s.groupId,
    running: s.running,
    labels: s.specs.map((r) => r.label),
    steps: runs.map((r) => r.step),
    trainLoss: runs.map((r) => r.trainLoss),
    testLoss: runs.map((r) => r.testLoss),
    stepsPerSecond: s.latest?.stepsPerSecond ?? 0,
    error: s.error,
  };
}

export type WeightsInput = Uint8Array | ArrayBuffer | TfjsFiles | Blob | readonly Blob[] | FileList;

/** Every form importWeights accepts, read the way the Export panel's file input reads files. */
export async function toImportInput(input: WeightsInput): Promise<ImportInput> {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (input instanceof Blob || Array.isArray(input) || input instanceof FileList) {
    const list: Blob[] = input instanceof Blob ? [input] : Array.from(input as ArrayLike<Blob>);
    const files = list.map((blob, i) =>
      blob instanceof File ? blob : new File([blob], i === 0 ? 'weights.safetensors' : 'blob'),
    );
    const read = await readWeightFiles(files);
    if (typeof read === 'string') throw new Error(`nothing imported: ${read}`);
    return read;
  }
  const files = input as TfjsFiles;
  return { json: files.modelJson, bin: files.weights };
}

export function shareScripting(): ShareScriptingApi {
  return {
    exportWeights,
    async importWeights(input) {
      await importWeights(await toImportInput(input));
      return { ok: true };
    },
    predict,
    exportPyTorch,
    async getLink() {
      return shareUrl(window.location);
    },
    async compare(runs) {
      await compareActions.start(runs);
      return compareState();
    },
    async compareStep(steps) {
      await compareActions.step(steps);
      return compareState();
    },
    async compareState() {
      return compareState();
    },
  };
}
