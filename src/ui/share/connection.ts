/**
 * The page's handle on the training worker for the share, export and compare features, set once
 * at start-up by `installShareFeatures` (setup.ts).
 */
import type { Remote } from 'comlink';
import type { LabController } from '../../state/labController';
import type { LabWorkerApi } from '../../worker/protocol';

export interface ShareConnection {
  api: Remote<LabWorkerApi>;
  /** Wraps a page callback so the worker can call it (comlink proxy). */
  proxy<T extends (...args: never[]) => unknown>(callback: T): T;
  controller: LabController;
  started: Promise<void>;
}

let connection: ShareConnection | null = null;

export function setConnection(next: ShareConnection): void {
  connection = next;
}

export function getConnection(): ShareConnection {
  if (!connection) throw new Error('MTL Lab is not started yet');
  return connection;
}
