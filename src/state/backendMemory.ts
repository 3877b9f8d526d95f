/**
 * The measured backend choice, remembered per adapter and model shape (speedKey) in
 * localStorage, so a later visit starts on the fastest backend without measuring again.
 */
import { isBackendName } from '../core/engines/tfjs/backend';
import type { RememberedChoice } from '../core/backendSpeed';

const STORAGE_KEY = 'mtl-lab-backend-choices';
/** Enough for the shapes a person tries; the oldest are dropped. */
const MAX_ENTRIES = 24;

type Stored = Record<string, RememberedChoice>;

function readAll(): Stored {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Stored) : {};
  } catch {
    return {};
  }
}

function writeAll(all: Stored): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    // Storage full or blocked: the choice is measured again next time, nothing else is lost.
  }
}

export function recallChoice(key: string): RememberedChoice | null {
  const entry = readAll()[key];
  return entry && isBackendName(entry.best) && Array.isArray(entry.speeds) ? entry : null;
}

export function rememberChoice(key: string, choice: RememberedChoice): void {
  const all = { ...readAll(), [key]: choice };
  const keys = Object.keys(all).sort((a, b) => all[a].measuredAt - all[b].measuredAt);
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) delete all[old];
  writeAll(all);
}

export function forgetChoice(key: string): void {
  const all = readAll();
  delete all[key];
  writeAll(all);
}
