/**
 * The scripting API's share, export and compare calls (mixed into `window.mtlLab`).
 */
import type { ImportInput, RunSpec } from '../../core/io';
import type { WeightFormat } from '../../worker/modelFiles';
import { compareActions } from '../compare/compareActions';
import { useCompareStore } from '../compare/compareStore';
import { shareUrl } from './linkState';
import {
  exportPyTorch,
  exportWeights,
  importWeights,
  predict,
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
  /** The same shapes back; rejects with the reason when the file does not fit. */
  importWeights(input: Uint8Array | TfjsFiles): Promise<{ ok: true }>;
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

function toImportInput(input: Uint8Array | TfjsFiles): ImportInput {
  if (input instanceof Uint8Array) return input;
  return { json: input.modelJson, bin: input.weights };
}

export function shareScripting(): ShareScriptingApi {
  return {
    exportWeights,
    async importWeights(input) {
      await importWeights(toImportInput(input));
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
