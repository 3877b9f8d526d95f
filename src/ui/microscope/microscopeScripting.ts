/** The microscope's part of `window.mtlLab` (scriptingApi.ts): conflict, gates, method weights. */
import { useRunStore } from '../../state/runStore';

export interface ConflictReading {
  step: number;
  cosine: number[][];
  norms: number[];
  conflictRate: number;
  conditionNumber: number;
}

export interface MicroscopeScriptingApi {
  /** The latest conflict measurement (null before any). */
  getConflict(): Promise<ConflictReading | null>;
  /** Mean gate weight task x expert at the latest evaluation; null for ungated architectures. */
  getGates(): Promise<{ step: number; weights: number[][] } | null>;
  /** The task weights the method used on its last step; null when it gave a direction. */
  getMethodWeights(): Promise<number[] | null>;
}

export function microscopeScripting(): MicroscopeScriptingApi {
  return {
    async getConflict() {
      const conflict = useRunStore.getState().latest?.conflict;
      return conflict ? structuredClone(conflict) : null;
    },
    async getGates() {
      const latest = useRunStore.getState().latest;
      return latest?.gates ? { step: latest.step, weights: structuredClone(latest.gates) } : null;
    },
    async getMethodWeights() {
      const weights = useRunStore.getState().latest?.methodWeights;
      return weights ? [...weights] : null;
    },
  };
}
