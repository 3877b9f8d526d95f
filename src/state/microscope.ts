/**
 * The microscope's actions: read the run's test metrics, compute Δm against a single-task
 * baseline trained on demand in the worker, and the safety audit against STL on three seeds.
 * Page -> worker API -> microscope store.
 */
import type { Remote } from 'comlink';
import type { LabWorkerApi } from '../worker/protocol';
import { setResults, useMicroscopeStore } from './microscopeStore';
import { setRunning, useRunStore } from './runStore';
import { errorMessage } from '../core/errorMessage';

export interface MicroscopeActions {
  refreshMetrics(): Promise<void>;
  /** Pauses training, trains the STL baseline for as many steps, and stores Δm. */
  computeDeltaM(): Promise<void>;
  /** Pauses training, trains STL on three weight seeds, and stores the safety audit. */
  safetyAudit(): Promise<void>;
}

export function createMicroscopeActions(
  api: Pick<Remote<LabWorkerApi>, 'testMetrics' | 'computeDeltaM' | 'safetyAudit'>,
): MicroscopeActions {
  return {
    async refreshMetrics() {
      if (useMicroscopeStore.getState().pending) return;
      setResults({ pending: 'evaluate', resultError: null });
      try {
        const metrics = await api.testMetrics();
        // The worker runs calls in order, so the metrics belong to the latest step it reported.
        const step = useRunStore.getState().latest?.step ?? 0;
        setResults({ evaluation: { step, metrics } });
      } catch (error) {
        setResults({ resultError: errorMessage(error) });
      } finally {
        setResults({ pending: null });
      }
    },
    async computeDeltaM() {
      if (useMicroscopeStore.getState().pending === 'deltaM') return;
      setResults({ pending: 'deltaM', resultError: null });
      try {
        const result = await api.computeDeltaM();
        setRunning(false);
        setResults({
          deltaM: result,
          evaluation: { step: result.step, metrics: result.metrics },
        });
      } catch (error) {
        setResults({ resultError: errorMessage(error) });
      } finally {
        setResults({ pending: null });
      }
    },
    async safetyAudit() {
      if (useMicroscopeStore.getState().pending) return;
      setResults({ pending: 'audit', resultError: null });
      try {
        const audit = await api.safetyAudit();
        setRunning(false);
        setResults({ audit });
      } catch (error) {
        setResults({ resultError: errorMessage(error) });
      } finally {
        setResults({ pending: null });
      }
    },
  };
}

let installed: MicroscopeActions | null = null;

export function installMicroscopeActions(actions: MicroscopeActions): void {
  installed = actions;
}

/** The installed actions (main.tsx installs them next to the lab controller). */
export function microscopeActions(): MicroscopeActions | null {
  return installed;
}
