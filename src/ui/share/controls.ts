/**
 * Every control a teacher can hide, with a stable id: config fields use their link key (so
 * `rho_hide=1` hides the ρ slider, as in TensorFlow Playground), panels and buttons have names.
 */
import { LINK_FIELDS } from '../../core/io';
import { CONTROL_NAMES } from './controlNames';

export interface HideableControl {
  id: string;
  /** The control's visible name, as the page shows it. */
  label: string;
  /** Where it sits: the dialog groups the checkboxes by this. */
  group: 'Panels' | 'Buttons' | 'Data panel' | 'Model panel';
}

/** The hidden id every classroom link carries: students cannot reopen the classroom dialog. */
export const CLASSROOM_ID = 'classroom';

const PANELS = [
  { id: 'data-source', label: 'Data source panel', group: 'Panels' },
  { id: 'data', label: 'Data panel', group: 'Panels' },
  { id: 'model', label: 'Model panel', group: 'Panels' },
  { id: 'microscope', label: 'Microscope views', group: 'Panels' },
  { id: 'compare', label: 'Compare runs', group: 'Panels' },
  { id: 'grouping', label: 'Task grouping', group: 'Panels' },
  { id: 'sweep', label: 'Sweep', group: 'Panels' },
  { id: 'lessons', label: 'Lessons', group: 'Panels' },
  { id: 'export', label: 'Export and import', group: 'Panels' },
  { id: 'share', label: 'Share link', group: 'Panels' },
  { id: 'saved', label: 'Saved experiment', group: 'Panels' },
] as const satisfies readonly HideableControl[];

const BUTTONS = [
  { id: 'backend', label: 'Backend selector', group: 'Buttons' },
  { id: 'run-controls', label: 'Play / Step / Reset', group: 'Buttons' },
] as const satisfies readonly HideableControl[];

/**
 * The id of a hideable panel or button: <Hideable id> takes only these, so a panel the page wraps
 * is always one the classroom dialog lists.
 */
export type BlockControlId = (typeof PANELS)[number]['id'] | (typeof BUTTONS)[number]['id'];

/** Config path (as the fields name it) → link key. */
const KEY_BY_PATH = new Map(LINK_FIELDS.map((f) => [f.path, f.key]));

export const HIDEABLE_CONTROLS: readonly HideableControl[] = [
  ...PANELS,
  ...BUTTONS,
  ...LINK_FIELDS.flatMap((f) => {
    const name = CONTROL_NAMES[f.path];
    if (!name) return [];
    return [{ id: f.key, label: name.label, group: `${name.panel} panel` as const }];
  }),
];

/** The control id of a field, from its config path (`data.rho` → `rho`); undefined if none. */
export function controlIdForPath(path: string): string | undefined {
  return KEY_BY_PATH.get(path) ?? KEY_BY_PATH.get(path.replace(/\[\d+\]/, '[]'));
}
