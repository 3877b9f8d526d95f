/**
 * Moves focus to the control of a config path, for the links in the settings banner. Controls
 * carry `data-config-path`; a message about a part (`model.hidden[1]`) finds its whole control.
 */
import { showDetailOf } from '../layout/detailSections';

export const CONFIG_PATH_ATTRIBUTE = 'data-config-path';

export function findControl(path: string, root: ParentNode = document): HTMLElement | null {
  for (let at = path; at !== ''; at = parentPath(at)) {
    const found = root.querySelector<HTMLElement>(`[${CONFIG_PATH_ATTRIBUTE}="${CSS.escape(at)}"]`);
    if (found) return found;
  }
  return null;
}

/** `data.taskSpecs[1].noise` → `data.taskSpecs[1]` → `data.taskSpecs` → `data` → ''. */
export function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut <= 0 ? '' : path.slice(0, cut);
}

/**
 * Shows the control's section (narrow screens show one at a time), opens any closed <details>
 * around it, scrolls to it and focuses it.
 */
export function focusControl(path: string): boolean {
  const control = findControl(path);
  if (!control) return false;
  showDetailOf(control);
  for (let node = control.parentElement; node; node = node.parentElement) {
    if (node instanceof HTMLDetailsElement && !node.open) node.open = true;
  }
  control.scrollIntoView({ block: 'center' });
  control.focus();
  return true;
}
