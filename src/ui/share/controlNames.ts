/**
 * The visible name of every config control and the panel it sits in, by config path. The
 * classroom dialog lists controls by these names (not schema paths), and the settings banner
 * names the control a message is about. A unit test keeps this table complete against the link
 * fields, so a new field cannot appear as a bare path.
 */
import { messageBody, messagePath } from '../../core/config/messages';

export type ControlPanel = 'Data' | 'Model';

export interface ControlName {
  panel: ControlPanel;
  label: string;
}

/** Per-task settings: one control per task, named with the task in the tables. */
const PER_TASK: Record<string, string> = {
  degree: 'Degree',
  noise: 'Noise σ',
  kind: 'Kind',
  classes: 'Number of classes',
  positiveRate: 'Positive class share',
  scale: 'Label scale',
  labelledFraction: 'Labelled fraction',
};

export const CONTROL_NAMES: Readonly<Record<string, ControlName>> = {
  'data.tasks': { panel: 'Data', label: 'Tasks (T)' },
  'data.features': { panel: 'Data', label: 'Features (D)' },
  'data.samples': { panel: 'Data', label: 'Samples (N)' },
  'data.seed': { panel: 'Data', label: 'Data seed' },
  'data.rho': { panel: 'Data', label: 'Task similarity ρ' },
  'data.correlation': { panel: 'Data', label: 'Similarity of each pair of tasks' },
  'data.irrelevantFeatures': { panel: 'Data', label: 'Irrelevant features' },
  'data.featureCorrelation': { panel: 'Data', label: 'Feature correlation' },
  ...Object.fromEntries(
    Object.entries(PER_TASK).map(([key, label]) => [
      `data.taskSpecs[].${key}`,
      { panel: 'Data', label: `${label} (every task)` },
    ]),
  ),
  'model.architecture': { panel: 'Model', label: 'Architecture' },
  'model.hidden': { panel: 'Model', label: 'Hidden layers (trunk, experts or columns)' },
  'model.tower': { panel: 'Model', label: 'Task tower layers' },
  'model.experts': { panel: 'Model', label: 'Experts' },
  'model.sharedExperts': { panel: 'Model', label: 'Shared experts' },
  'model.taskExperts': { panel: 'Model', label: 'Experts per task' },
  'model.levels': { panel: 'Model', label: 'Extraction levels' },
  'model.embedDim': { panel: 'Model', label: 'Embedding size' },
  'model.heads': { panel: 'Model', label: 'Attention heads' },
  'model.ffHidden': { panel: 'Model', label: 'Feed-forward width' },
  'model.taskMask': { panel: 'Model', label: 'Task-token mask' },
  'model.headInit': { panel: 'Model', label: 'Head initialisation' },
  'train.method': { panel: 'Model', label: 'Method' },
  'train.methodOptions': { panel: 'Model', label: 'Method options' },
  'train.learningRate': { panel: 'Model', label: 'Learning rate' },
  'train.batchSize': { panel: 'Model', label: 'Batch size' },
};

/**
 * The name of the control a path belongs to: `data.taskSpecs[1].noise` → "task_1 Noise σ",
 * `model.hidden[0]` → the hidden layers' name; undefined for a path no control shows.
 */
export function controlName(path: string): string | undefined {
  const task = /^data\.taskSpecs\[(\d+)\]\.(\w+)/.exec(path);
  if (task) {
    const label = PER_TASK[task[2]];
    return label ? `task_${task[1]} ${label.toLowerCase()}` : undefined;
  }
  if (path.startsWith('data.taskSpecs')) return 'Per-task settings';
  if (path.startsWith('data.correlation')) return CONTROL_NAMES['data.correlation'].label;
  return CONTROL_NAMES[path.replace(/\[\d+\].*$/, '')]?.label;
}

/** A validation message with its path replaced by the control's visible name. */
export function namedMessage(message: string): string {
  const path = messagePath(message);
  return `${controlName(path) ?? path}: ${messageBody(message)}`;
}
