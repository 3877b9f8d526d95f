/**
 * Structure edits made on the network diagram (issue 18 §4): +/− units of a layer, +/− layers,
 * +/− experts, an input feature switched off or on. Each is a plain config patch that goes through
 * the lab's `setConfig` like any form edit (validated by the schema, written into the link, a new
 * run), so the diagram adds no second way to change the model. Which config field a drawn group's
 * width comes from is read from the drawing itself: towers are `towers/<l>` (config.tower[l]); a
 * hidden or expert group whose activation is the l-th of a dense stack (`…/<l>`) and whose width
 * is config.hidden[l] is that layer (trunk, expert, column, cross-stitch output).
 */
import type { ModelConfig } from '../core/config/schema';
import type { DrawnGroup } from '../core/model/drawingTypes';
import type { ConfigPatch } from './configPatch';

export type WidthField = 'hidden' | 'tower';
export type CountField = 'experts' | 'sharedExperts' | 'taskExperts' | 'levels';

export const COUNT_FIELDS: readonly CountField[] = [
  'experts',
  'sharedExperts',
  'taskExperts',
  'levels',
];

export const COUNT_NAMES: Record<CountField, string> = {
  experts: 'experts',
  sharedExperts: 'shared experts',
  taskExperts: 'experts per task',
  levels: 'extraction levels',
};

export interface LayerRef {
  field: WidthField;
  index: number;
}

export type StructureEdit =
  | { kind: 'width'; layer: LayerRef; delta: number }
  | { kind: 'layers'; field: WidthField; delta: number }
  | { kind: 'count'; field: CountField; delta: number };

/** The config layer a drawn group's width comes from; null when it has none of its own. */
export function layerOf(group: DrawnGroup, model: ModelConfig): LayerRef | null {
  const match = /\/(\d+)$/.exec(group.tap);
  if (!match) return null;
  const index = Number(match[1]);
  if (group.kind === 'tower' && group.tap.startsWith('towers/')) {
    return model.tower[index] === group.units ? { field: 'tower', index } : null;
  }
  if (group.kind === 'hidden' || group.kind === 'expert') {
    return model.hidden[index] === group.units ? { field: 'hidden', index } : null;
  }
  return null;
}

/** The patch for one edit (possibly invalid: the schema's validation then says why). */
export function structurePatch(model: ModelConfig, edit: StructureEdit): ConfigPatch {
  if (edit.kind === 'count') return { model: { [edit.field]: model[edit.field] + edit.delta } };
  const widths = model[edit.kind === 'width' ? edit.layer.field : edit.field].slice();
  if (edit.kind === 'width') {
    widths[edit.layer.index] += edit.delta;
    return { model: { [edit.layer.field]: widths } };
  }
  if (edit.delta > 0) widths.push(widths.at(-1) ?? model.hidden.at(-1) ?? 8);
  else widths.pop();
  return { model: { [edit.field]: widths } };
}

/** What an edit does, in words (button names, the run's note). */
export function describeEdit(model: ModelConfig, edit: StructureEdit): string {
  const sign = edit.delta > 0 ? 'Add' : 'Remove';
  if (edit.kind === 'count') {
    return `${sign} one of the ${COUNT_NAMES[edit.field]} (now ${model[edit.field]})`;
  }
  const part = (field: WidthField) => (field === 'hidden' ? 'shared or expert' : 'tower');
  if (edit.kind === 'layers') {
    return `${sign} a ${part(edit.field)} layer (now ${model[edit.field].length})`;
  }
  const { field, index } = edit.layer;
  return `${sign} a unit ${edit.delta > 0 ? 'to' : 'from'} ${part(field)} layer ${index + 1} (now ${model[field][index]} units)`;
}

/** The patch that switches input feature `feature` (0-based) off, or back on when it is off. */
export function inputTogglePatch(model: ModelConfig, feature: number): ConfigPatch {
  const off = model.inputsOff.includes(feature)
    ? model.inputsOff.filter((f) => f !== feature)
    : [...model.inputsOff, feature].sort((a, b) => a - b);
  return { model: { inputsOff: off } };
}

/** What clicking input feature `feature` does, in words (its accessible name, the run's note). */
export function describeInputToggle(model: ModelConfig, feature: number): string {
  const off = model.inputsOff.includes(feature);
  return `input x${feature + 1} is ${off ? 'off' : 'on'}: click to switch it ${off ? 'back on' : 'off'} (a new run)`;
}
