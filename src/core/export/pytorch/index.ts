/**
 * "Export to PyTorch": one self-contained Python file for an exported model. It defines the
 * architecture as a torch.nn.Module that loads the lab's safetensors file, reproduces the lab's
 * predictions on the lab's CSV export, and continues training with the lab's method and
 * optimizer on one process or several (torchrun). The Python text lives in ./python/*.ts.
 */
import type { ModelMeta } from '../../io';
import { getMethod } from '../../methods/registry';
import { architectures, gateOpenCells } from '../../model/registry';
import type { MethodOptions } from '../../methods/types';
import { PY_CLI } from './python/cliSection';
import { PY_DATA } from './python/dataSection';
import { pythonEmbedded, pythonHeader, type HeaderInfo } from './python/headerSection';
import { PY_FULLER } from './python/fullerSection';
import { PY_GRADIENT_METHODS } from './python/gradientMethodsSection';
import { PY_METHODS } from './python/methodsSection';
import { PY_MODEL } from './python/modelSection';
import { PY_SAFETENSORS } from './python/safetensorsSection';
import { PY_TRAIN } from './python/trainSection';
import { PY_PROCEDURES } from './python/proceduresSection';
import { PY_TRANSFORMS } from './python/transformsSection';
import { PY_IGBV2 } from './python/igbv2Section';

/** Methods the exported file can train with (its METHODS table); others need --method. */
export const PYTORCH_METHODS = [
  'ew',
  'rlw',
  'uw',
  'dwa',
  'mgda',
  'pcgrad',
  'cagrad',
  'igbv1',
  'fuller',
] as const;

export function pytorchSupportsMethod(id: string): boolean {
  return (PYTORCH_METHODS as readonly string[]).includes(id);
}

/** e.g. mtl_lab_shared_bottom.py */
export function pytorchFileName(meta: ModelMeta): string {
  return `mtl_lab_${meta.config.model.architecture.replace(/[^a-z0-9]+/gi, '_')}.py`;
}

/** Keeps free text (a method id) from breaking out of the Python docstring. */
function plain(text: string): string {
  return text.replace(/[^\w\-.,() ]/g, '_').slice(0, 60);
}

function taskSummary(meta: ModelMeta): string {
  const counts = new Map<string, number>();
  for (const t of meta.tasks) counts.set(t.kind, (counts.get(t.kind) ?? 0) + 1);
  const kinds = [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
  return `${meta.tasks.length} task${meta.tasks.length === 1 ? '' : 's'} (${kinds})`;
}

function methodDefaults(): Record<string, MethodOptions> {
  const out: Record<string, MethodOptions> = {};
  for (const id of PYTORCH_METHODS) {
    out[id] = Object.fromEntries(getMethod(id).options.map((o) => [o.key, o.default]));
  }
  return out;
}

/** Per architecture, the config.model keys it reads: its sizes plus the choice and head init. */
export function architectureOptions(): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(architectures).map(([id, arch]) => [
      id,
      ['architecture', ...arch.uses, 'headInit'],
    ]),
  );
}

/** The text of the Python file for this model description. */
export function exportPyTorch(meta: ModelMeta): string {
  const info: HeaderInfo = {
    fileName: pytorchFileName(meta),
    architecture: plain(meta.config.model.architecture),
    tasks: taskSummary(meta),
    method: plain(meta.config.train.method),
    metaJson: JSON.stringify(meta, null, 2),
    methodDefaultsJson: JSON.stringify(methodDefaults()),
    architectureOptionsJson: JSON.stringify(architectureOptions()),
  };
  // MMoEEx: the lab's expert assignment, computed here so Python needs no copy of the lab's RNG.
  const open = gateOpenCells(meta.config.model.architecture, meta.config.model, meta.tasks.length);
  const gateOpen = `\n\n# MMoEEx closed gate cells (task x expert, 1 = open); None without exclusivity.\nEMBEDDED_GATE_OPEN = ${open ? JSON.stringify(open) : 'None'}\n`;
  const sections = [
    PY_SAFETENSORS,
    PY_DATA,
    gateOpen,
    PY_MODEL,
    PY_METHODS,
    PY_GRADIENT_METHODS,
    PY_FULLER,
    PY_TRANSFORMS,
    PY_IGBV2,
    PY_PROCEDURES,
    PY_TRAIN,
    PY_CLI,
  ];
  return [pythonHeader(info), ...sections, pythonEmbedded(info)].join('');
}
