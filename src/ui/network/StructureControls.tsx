/**
 * +/− buttons on the diagram (issue 18 §4): units of each drawn layer (under its column), layers
 * of the shared part and of the towers, and the experts. Each press is an ordinary config change
 * through the lab's `setConfig` (validated, written into the link, a new run); a change the
 * schema refuses is explained and nothing changes. There is no undo in the lab: the opposite
 * button puts the old size back.
 */
import { useState } from 'react';
import { getArchitecture } from '../../core/model/registry';
import type { NetworkViewData } from '../../core/network/view';
import { useConfigStore } from '../../state/configStore';
import {
  COUNT_FIELDS,
  COUNT_NAMES,
  describeEdit,
  layerOf,
  structurePatch,
  type LayerRef,
  type StructureEdit,
  type WidthField,
} from '../../state/networkEdits';
import { useLab } from '../LabContext';
import type { NetworkLayout } from './layout';

/** An edit without its direction (Omit over each member of the union). */
type EditTarget = StructureEdit extends infer E
  ? E extends StructureEdit
    ? Omit<E, 'delta'>
    : never
  : never;

interface StructureControlsProps {
  view: NetworkViewData;
  layout: NetworkLayout | null;
  width: number;
}

export function StructureControls({ view, layout, width }: StructureControlsProps) {
  const lab = useLab();
  const model = useConfigStore((s) => s.config.model);
  const [error, setError] = useState<string | null>(null);
  const uses = getArchitecture(model.architecture).uses;
  const apply = (edit: StructureEdit) => {
    setError(null);
    lab.setConfig(structurePatch(model, edit)).catch((e: unknown) => {
      setError(e instanceof Error ? e.message : String(e));
    });
  };
  const pair = (edit: EditTarget, value: number, name: string) => {
    const minus = { ...edit, delta: -1 } as StructureEdit;
    const plus = { ...edit, delta: 1 } as StructureEdit;
    return (
      <span className="structure-pair" role="group" aria-label={name}>
        <button type="button" aria-label={describeEdit(model, minus)} onClick={() => apply(minus)}>
          −
        </button>
        <span className="structure-value">{value}</span>
        <button type="button" aria-label={describeEdit(model, plus)} onClick={() => apply(plus)}>
          +
        </button>
      </span>
    );
  };
  // One width control per config layer, under the first column drawn from it.
  const columns = new Map<string, { layer: LayerRef; x: number }>();
  for (const g of view.groups) {
    const layer = layerOf(g, model);
    const box = layout?.boxes.get(g.id);
    if (!layer || !box) continue;
    const key = `${layer.field}:${layer.index}`;
    if (!columns.has(key) || (columns.get(key)?.x ?? 0) > box.x)
      columns.set(key, { layer, x: box.x });
  }
  const layerFields = (['hidden', 'tower'] as WidthField[]).filter((f) => uses.includes(f));
  const partName = (f: WidthField) => (f === 'hidden' ? 'Shared/expert layers' : 'Tower layers');
  return (
    <div className="network-structure" data-testid="network-structure">
      <div className="structure-columns" style={{ width, height: layout ? 24 : 0 }}>
        {[...columns.values()].map(({ layer, x }) => (
          <span
            key={`${layer.field}:${layer.index}`}
            className="structure-column"
            style={{ left: Math.max(0, Math.min(x - 8, width - 64)) }}
            data-layer={`${layer.field}:${layer.index}`}
          >
            {pair(
              { kind: 'width', layer },
              model[layer.field][layer.index],
              `Units of ${layer.field === 'hidden' ? 'shared/expert' : 'tower'} layer ${layer.index + 1}`,
            )}
          </span>
        ))}
      </div>
      <div className="structure-counts">
        {layerFields.map((f) => (
          <span key={f} className="structure-count">
            {partName(f)} {pair({ kind: 'layers', field: f }, model[f].length, partName(f))}
          </span>
        ))}
        {COUNT_FIELDS.filter((f) => uses.includes(f)).map((f) => (
          <span key={f} className="structure-count">
            {COUNT_NAMES[f][0].toUpperCase() + COUNT_NAMES[f].slice(1)}{' '}
            {pair({ kind: 'count', field: f }, model[f], COUNT_NAMES[f])}
          </span>
        ))}
      </div>
      {error ? (
        <p role="alert" className="structure-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
