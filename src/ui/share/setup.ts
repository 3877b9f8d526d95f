/**
 * Start-up of the share features: read the link before the first run (so the first run is the
 * linked experiment), then keep the address bar in step, follow the experiment with the
 * comparison, and register the service worker that makes the app work offline.
 */
import { proxy, type Remote } from 'comlink';
import { isLessonId } from '../../core/lessons';
import type { LabController } from '../../state/labController';
import type { LabWorkerApi } from '../../worker/protocol';
import { compareActions, followExperiment } from '../compare/compareActions';
import { useCompareStore } from '../compare/compareStore';
import { setConnection } from './connection';
import { applyLinkFromLocation } from './linkState';
import { startLinkSync } from './linkSync';

/** Call before the lab controller starts, so the first configure uses the linked config. */
export function applyLinkAtStartup(): void {
  applyLinkFromLocation(window.location, isLessonId);
}

export function installShareFeatures(
  api: Remote<LabWorkerApi>,
  controller: LabController,
  started: Promise<void>,
): void {
  setConnection({
    api,
    proxy: (callback) => proxy(callback),
    controller,
    started,
  });
  startLinkSync();
  followExperiment();
  if (useCompareStore.getState().specs.length > 0) {
    started.then(() => compareActions.start()).catch(() => undefined);
  }
  registerServiceWorker();
}

function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch((error: unknown) => {
      console.warn('MTL Lab: offline support is unavailable:', error);
    });
  });
}
