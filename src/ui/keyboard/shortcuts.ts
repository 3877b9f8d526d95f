/**
 * Keyboard shortcuts for the verbs people repeat: one table drives the key handling and the `?`
 * help overlay, so the two cannot disagree. Keys never fire while typing in a field, with a
 * modifier held, or while a dialog is open (the dialog owns the keyboard then).
 */
import { useRunStore } from '../../state/runStore';
import type { LabController } from '../../state/labController';
import { showDetailOf } from '../layout/detailSections';
import { toggleView } from '../share/shareStore';

export interface Shortcut {
  key: string;
  /** What the help overlay says it does. */
  label: string;
  run(lab: LabController): void;
}

const report = (error: unknown): void => console.warn('MTL Lab shortcut:', error);

/** Scrolls to a panel, opening it first when it is a <details>, and focuses its heading. */
export function openPanel(selector: string, view?: string): void {
  const panel = document.querySelector<HTMLElement>(selector);
  if (!panel) return;
  if (view) toggleView(view, true);
  // On a narrow screen the panel's section may be hidden behind another: show it first.
  showDetailOf(panel);
  if (panel instanceof HTMLDetailsElement) panel.open = true;
  const target =
    panel.querySelector<HTMLElement>(':scope > summary') ??
    panel.querySelector<HTMLElement>('input, select, button, [tabindex]') ??
    panel;
  panel.scrollIntoView({ block: 'start' });
  target.focus();
}

const ready = (): boolean => {
  const { phase, busy } = useRunStore.getState();
  return phase === 'ready' && !busy;
};

export const SHORTCUTS: readonly Shortcut[] = [
  {
    key: 'k',
    label: 'Play / Pause',
    run: (lab) => {
      if (!ready()) return;
      (useRunStore.getState().running ? lab.pause() : lab.play()).catch(report);
    },
  },
  {
    key: '.',
    label: 'Step once (while paused)',
    run: (lab) => {
      if (ready() && !useRunStore.getState().running) lab.step(1).catch(report);
    },
  },
  {
    key: 'r',
    label: 'Reset to step 0',
    run: (lab) => {
      if (ready()) lab.reset().catch(report);
    },
  },
  { key: 'l', label: 'Open Lessons', run: () => openPanel('.lesson-panel', 'lessons') },
  {
    key: 'd',
    label: 'Go to the Data panel',
    run: () => openPanel('[aria-labelledby="data-panel-title"]'),
  },
  {
    key: 'm',
    label: 'Go to the Model panel',
    run: () => openPanel('[aria-labelledby="model-panel-title"]'),
  },
  { key: 'c', label: 'Open Compare runs', run: () => openPanel('.compare-panel', 'compare') },
  { key: 'g', label: 'Go to the microscope', run: () => openPanel('[data-testid="microscope"]') },
  { key: 'e', label: 'Go to Export and import', run: () => openPanel('.export-panel') },
];

export const HELP_KEY = '?';

/** True when the key press belongs to whatever has focus (typing, a list, a dialog). */
export function belongsToFocus(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  const target = event.target;
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('dialog[open]')) return true;
  if (target.isContentEditable) return true;
  return target.matches('input, textarea, select');
}

export function shortcutFor(key: string): Shortcut | undefined {
  return SHORTCUTS.find((shortcut) => shortcut.key === key.toLowerCase());
}
