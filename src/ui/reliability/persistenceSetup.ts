/**
 * The page side of "nothing lost on reload": at start-up, bring back the saved experiment
 * (rule in src/state/persistence.ts); afterwards save it as it changes, at most once a second.
 */
import { create } from 'zustand';
import type { Remote } from 'comlink';
import type { BackendChoice } from '../../core/engines/tfjs/backend';
import { decodeLink } from '../../core/io';
import { METHOD_IDS } from '../../core/methods/registry';
import { isLessonId } from '../../core/lessons';
import { useConfigStore } from '../../state/configStore';
import type { LabController } from '../../state/labController';
import {
  historyUpTo,
  parseSavedExperiment,
  restorePlan,
  runMatches,
  sameConfig,
  SAVE_KEY,
  SAVE_VERSION,
  type SavedExperiment,
} from '../../state/persistence';
import { deleteValue, readValue, writeValue } from '../../state/persistenceDb';
import { setRestoredStep, useReliabilityStore } from '../../state/reliabilityStore';
import { receiveSnapshot, useRunStore } from '../../state/runStore';
import type { DataStudio } from '../../state/dataStudio';
import { useDataStudioStore } from '../../state/dataStudioStore';
import type { LabWorkerApi } from '../../worker/protocol';
import { useCompareStore } from '../compare/compareStore';
import { applyLinkState, currentLink } from '../share/linkState';
import { setLinkNotes, setLinkNotice, useShareStore } from '../share/shareStore';
import { errorMessage } from '../../core/errorMessage';

export const SAVE_THROTTLE_MS = 1000;
/** A slow or broken IndexedDB must not hold up the lab. */
const LOAD_TIMEOUT_MS = 2000;

export interface PersistenceState {
  savedAt: number | null;
  savedStep: number | null;
  /** Why saving or loading failed (private mode, quota), shown next to the control. */
  problem: string | null;
}

export const usePersistenceStore = create<PersistenceState>()(() => ({
  savedAt: null,
  savedStep: null,
  problem: null,
}));

async function loadSaved(): Promise<SavedExperiment | null> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), LOAD_TIMEOUT_MS));
  try {
    return parseSavedExperiment(await Promise.race([readValue(SAVE_KEY), timeout]));
  } catch (error) {
    console.warn('MTL Lab: could not read the saved experiment:', error);
    usePersistenceStore.setState({
      problem: `could not read the saved experiment: ${errorMessage(error)}`,
    });
    return null;
  }
}

function snapshotForSave(): SavedExperiment {
  const checkpoint = useReliabilityStore.getState().checkpoint;
  const run = useRunStore.getState();
  const table = useDataStudioStore.getState().table;
  // A run on an imported table is saved with that table (the table comes back first).
  const usable =
    checkpoint !== null &&
    checkpoint.runId === run.runId &&
    (checkpoint.dataSource === 'csv') === (table !== null);
  return {
    version: SAVE_VERSION,
    savedAt: Date.now(),
    link: currentLink(),
    table,
    run: usable
      ? {
          config: checkpoint.config,
          dataSource: checkpoint.dataSource,
          checkpoint: { step: checkpoint.step, weights: checkpoint.weights },
          history: historyUpTo(run.history, checkpoint.step),
        }
      : null,
  };
}

/** The pending throttled save, if any (cleared by "Clear saved experiment"). */
let timer: ReturnType<typeof setTimeout> | null = null;

function startAutosave(): void {
  const save = async (): Promise<void> => {
    timer = null;
    const record = snapshotForSave();
    try {
      await writeValue(SAVE_KEY, record);
      usePersistenceStore.setState({
        savedAt: record.savedAt,
        savedStep: record.run?.checkpoint.step ?? null,
        problem: null,
      });
    } catch (error) {
      console.warn('MTL Lab: could not save the experiment:', error);
      usePersistenceStore.setState({ problem: `could not save: ${errorMessage(error)}` });
    }
  };
  const schedule = (): void => {
    if (timer === null) timer = setTimeout(() => void save(), SAVE_THROTTLE_MS);
  };
  useConfigStore.subscribe((s, p) => s.config !== p.config && schedule());
  useReliabilityStore.subscribe((s, p) => s.checkpoint !== p.checkpoint && schedule());
  useCompareStore.subscribe((s, p) => s.specs !== p.specs && schedule());
  useShareStore.subscribe((s, p) => (s.views !== p.views || s.hidden !== p.hidden) && schedule());
  useDataStudioStore.subscribe((s, p) => s.table !== p.table && schedule());
}

/**
 * Replaces `controller.start(choice)` in main.tsx: apply the saved link when the address has
 * none, start the lab, import a saved table again, then load the saved weights and history when
 * they belong to its config and data.
 */
export async function startWithSavedExperiment(
  controller: LabController,
  api: Remote<LabWorkerApi>,
  studio: Pick<DataStudio, 'restoreTable'>,
  choice: BackendChoice,
  urlHasLink: boolean,
): Promise<void> {
  const saved = await loadSaved();
  const plan = restorePlan(saved, urlHasLink);
  if (saved && plan.applyLink) {
    const { state, ignored, notes } = decodeLink(saved.link, { knownMethods: METHOD_IDS });
    const problems = [...ignored, ...applyLinkState(state, isLessonId)];
    if (problems.length) setLinkNotice(problems.map((p) => `saved experiment: ${p}`));
    if (notes.length) setLinkNotes(notes.map((n) => `saved experiment: ${n}`));
  }
  await controller.start(choice);
  const restoredTable =
    saved?.table != null && useRunStore.getState().phase === 'ready'
      ? await studio.restoreTable(saved.table).catch(() => false)
      : false;
  const run = saved?.run;
  const config = useConfigStore.getState().config;
  const dataSource = restoredTable ? 'csv' : 'generator';
  if (
    plan.restoreRun &&
    run &&
    runMatches(run, config, dataSource) &&
    useRunStore.getState().phase === 'ready'
  ) {
    const snapshot = await api.restoreCheckpoint(run.checkpoint).catch(() => null);
    if (snapshot && sameConfig(useConfigStore.getState().config, config)) {
      useRunStore.setState({ history: historyUpTo(run.history, snapshot.step) });
      receiveSnapshot(snapshot);
      setRestoredStep(snapshot.step);
      // The run's own step-0 checkpoint must not replace the restored one at the next save.
      useReliabilityStore.setState({
        checkpoint: { ...run.checkpoint, runId: snapshot.runId, config, dataSource },
      });
    }
  }
  startAutosave();
}

/** "Clear saved experiment": forget the saved copy (the experiment on screen stays). */
export async function clearSavedExperiment(): Promise<void> {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  await deleteValue(SAVE_KEY);
  setRestoredStep(null);
  usePersistenceStore.setState({ savedAt: null, savedStep: null, problem: null });
}
