/**
 * Which backend the worker activates, and where a run goes when its backend cannot run it.
 * 'auto' starts on what starts fastest (or on the choice remembered for this adapter and model
 * shape); the page measures the rest in the background and moves the run (labSession.moveRun).
 */
import {
  BACKEND_NAMES,
  QUICK_START_ORDER,
  selectBackend,
  type BackendChoice,
  type BackendName,
  type BackendSelection,
} from '../core/engines/tfjs/backend';
import { wasmPaths } from './wasmAssets';

/** Start `choice`; with 'auto', the remembered backend first, else the quick-start order. */
export async function activateChoice(
  choice: BackendChoice,
  remembered: BackendName | null = null,
): Promise<BackendSelection> {
  if (choice !== 'auto') return selectBackend(choice, { wasmPaths });
  const first = remembered ? [remembered] : [...QUICK_START_ORDER];
  const order = [...first, ...BACKEND_NAMES.filter((name) => !first.includes(name))];
  const selection = await selectBackend('auto', { wasmPaths, order });
  const origin = remembered && selection.name === remembered ? 'remembered' : 'quick-start';
  return { ...selection, origin };
}

/** Start exactly `name` (no fallback); throws with the reason it cannot start. */
export async function activateExactly(name: BackendName): Promise<BackendSelection> {
  const selection = await selectBackend(name, { wasmPaths, order: [name] });
  if (selection.name !== name) throw new Error(selection.skipped[0]?.reason ?? 'unavailable');
  return selection;
}

/**
 * An error that says the backend lacks a kernel the run needs (tfjs's own wording), not a failing
 * device or a bug in the run: only these move the run to another backend.
 */
export function isUnsupportedOnBackend(message: string): boolean {
  return /Kernel '[^']+' not registered for backend|not yet implemented or not found in the registry/.test(
    message,
  );
}

/** The backends to try, in order, when `from` cannot run the configuration. */
export function alternativesTo(from: BackendName): BackendName[] {
  return BACKEND_NAMES.filter((name) => name !== from);
}
