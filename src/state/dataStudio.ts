/**
 * The data studio's actions: keep the dataset summaries current, import a CSV (parse in the
 * worker with progress, map columns, train on it), go back to generated data, export. Like the
 * lab's actions they go page -> worker API -> stores; pending control edits are applied first so
 * an import never races a debounced reconfiguration.
 */
import { proxy, type Remote } from 'comlink';
import type { CsvMapping, ParseProgress } from '../core/data/csv';
import type { DatasetExport } from '../worker/protocol/data';
import type { LabWorkerApi } from '../worker/protocol';
import { useConfigStore } from './configStore';
import type { LabController } from './labController';
import { startRun, useRunStore } from './runStore';
import { clampPair, useDataStudioStore, type ImportedTable } from './dataStudioStore';
import { errorMessage } from '../core/errorMessage';

/** Points drawn in the scatter plot at most. */
export const SCATTER_POINTS = 1500;

export interface DataStudio {
  /** Follow the run store: refresh the summaries whenever new data is loaded. */
  start(): () => void;
  refreshView(): Promise<void>;
  setScatterPair(pair: [number, number]): Promise<void>;
  openFile(file: Blob, fileName: string): Promise<void>;
  confirmImport(mapping: CsvMapping): Promise<void>;
  cancelImport(): void;
  backToGenerator(): Promise<void>;
  exportDataset(): Promise<DatasetExport>;
  /** Import a saved table again (after a reload) with its saved mapping; true when it loaded. */
  restoreTable(table: ImportedTable): Promise<boolean>;
}

export function createDataStudio(api: Remote<LabWorkerApi>, lab: LabController): DataStudio {
  const set = useDataStudioStore.setState;
  /** The file being mapped (between openFile and confirmImport). */
  let opened: { file: Blob; fileName: string } | null = null;

  async function loadScatter(pair: [number, number]): Promise<void> {
    const tasks = useDataStudioStore.getState().view?.taskNames.length ?? 0;
    if (tasks < 2) {
      set({ scatter: null });
      return;
    }
    const [a, b] = clampPair(pair, tasks);
    set({ scatterPair: [a, b], scatter: await api.scatterSample(a, b, SCATTER_POINTS) });
  }

  async function refreshView(): Promise<void> {
    try {
      const view = await api.datasetView();
      set({ view });
      await loadScatter(useDataStudioStore.getState().scatterPair);
    } catch {
      // No dataset yet (the lab failed to start); the status banner says why.
    }
  }

  async function swapData(run: () => Promise<Parameters<typeof startRun>[0]>): Promise<void> {
    await lab.flush();
    startRun(await run());
  }

  async function openFile(file: Blob, fileName: string): Promise<void> {
    opened = null;
    set({ importPhase: 'parsing', progress: { fraction: 0, rows: 0 }, importError: null });
    try {
      const onProgress = proxy((progress: ParseProgress) => set({ progress }));
      const preview = await api.parseCsv(file, fileName, onProgress);
      opened = { file, fileName };
      set({ importPhase: 'mapping', preview, progress: null });
    } catch (error) {
      set({ importPhase: 'idle', preview: null, progress: null, importError: errorMessage(error) });
    }
  }

  async function confirmImport(mapping: CsvMapping): Promise<void> {
    set({ importPhase: 'importing', importError: null });
    try {
      await swapData(() => api.importCsv(mapping, useConfigStore.getState().config));
      set({ importPhase: 'idle', preview: null, table: opened && { ...opened, mapping } });
    } catch (error) {
      // The worker kept the previous dataset; stay on the mapping step so it can be fixed.
      set({ importPhase: 'mapping', importError: errorMessage(error) });
    }
  }

  return {
    start() {
      const unsubscribe = useRunStore.subscribe((state, previous) => {
        if (state.dataVersion !== previous.dataVersion) void refreshView();
      });
      if (useRunStore.getState().dataVersion > 0) void refreshView();
      return unsubscribe;
    },

    refreshView,
    setScatterPair: loadScatter,

    openFile,
    confirmImport,

    cancelImport() {
      set({ importPhase: 'idle', preview: null, progress: null, importError: null });
    },

    async backToGenerator() {
      await swapData(() => api.useGeneratedData(useConfigStore.getState().config));
      set({ table: null });
    },

    async restoreTable(table) {
      await openFile(table.file, table.fileName);
      if (useDataStudioStore.getState().importPhase !== 'mapping') return false;
      await confirmImport(table.mapping);
      if (useDataStudioStore.getState().table) return true;
      // Leave the form open with the reason, as after a failed import by hand.
      return false;
    },

    exportDataset: () => api.exportDataset(),
  };
}
