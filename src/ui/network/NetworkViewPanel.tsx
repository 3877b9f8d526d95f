/**
 * The network view panel (issue 18): the diagram of the running network with every unit as a
 * thumbnail over a plane through input space, the plane's and the links' controls, the legends,
 * the large view of the unit under the pointer or focus, the weight editor, the +/− structure
 * controls, the inputs switched off by a click, and a text alternative.
 */
import { useRef, useState } from 'react';
import type { PlaneKind } from '../../core/network/plane';
import type { NetworkViewData } from '../../core/network/view';
import {
  LINK_VIEWS,
  setNetworkViewOptions,
  useNetworkViewStore,
  type LinkView,
} from '../../state/networkView';
import { ChartExport } from '../charts/ChartExport';
import { ColorLegend } from '../charts/ColorLegend';
import { interpolateBlueOrange } from '../charts/colorScales';
import { useElementWidth } from '../charts/useElementWidth';
import type { NetworkLayout } from './layout';
import { LinkEditor } from './LinkEditor';
import { LinkLegend } from './LinkLegend';
import { linkName, type DrawnLink } from './links';
import { NetworkDiagram } from './NetworkDiagram';
import { NetworkText } from './NetworkText';
import { StructureControls } from './StructureControls';
import { UnitDetail, type UnitRef } from './UnitDetail';
import { useConfigStore } from '../../state/configStore';
import { describeInputToggle, inputTogglePatch } from '../../state/networkEdits';
import { useLab } from '../LabContext';
import { findLesson } from '../../core/lessons';
import type { DiagramPointer } from '../../core/lessons/types';
import { useShareStore } from '../share/shareStore';
import './network.css';

const LINK_NAMES: Record<LinkView, string> = {
  weight: 'weight',
  'task-pull': 'task pull',
  conflict: 'conflict',
};

const HEIGHT = 330;

export function NetworkViewPanel() {
  const view = useNetworkViewStore((s) => s.view);
  const error = useNetworkViewStore((s) => s.error);
  const open = useNetworkViewStore((s) => s.open);
  const links = useNetworkViewStore((s) => s.links);
  const [editing, setEditing] = useState<DrawnLink | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [layout, setLayout] = useState<NetworkLayout | null>(null);
  const { ref, width } = useElementWidth<HTMLDivElement>(640);
  const exportRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const [selected, setSelected] = useState<UnitRef | null>(null);
  const shown = selected && view?.thumbnails[selected.group] ? selected : null;
  const lab = useLab();
  const model = useConfigStore((s) => s.config.model);
  const pointer = useLessonPointer();
  // A normal config change (validated, in the link, a new run); a second click undoes it.
  const toggleInput = (feature: number) => {
    const wasOff = model.inputsOff.includes(feature);
    setDone(null);
    lab
      .setConfig(inputTogglePatch(model, feature))
      .then(() =>
        setDone(`Input x${feature + 1} switched ${wasOff ? 'back on' : 'off'}: a new run started.`),
      )
      .catch((e: unknown) => setDone(e instanceof Error ? e.message : String(e)));
  };
  return (
    <section
      className="panel network-panel"
      aria-labelledby="network-heading"
      data-testid="network-view"
    >
      <div className="network-head">
        <h2 id="network-heading">Network</h2>
        <button
          type="button"
          className="network-toggle"
          ref={toggleRef}
          aria-expanded={open}
          onClick={() => setNetworkViewOptions({ open: !open })}
        >
          {open ? 'Hide' : 'Show'}
        </button>
        {open && view ? <PlaneControls view={view} /> : null}
        {open ? (
          <label className="link-view-control">
            Links{' '}
            <select
              value={links}
              onChange={(e) => setNetworkViewOptions({ links: e.target.value as LinkView })}
            >
              {LINK_VIEWS.map((v) => (
                <option key={v} value={v}>
                  {LINK_NAMES[v]}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {open && view ? (
          <ColorLegend
            interpolator={interpolateBlueOrange}
            domain={[-round(view.range), round(view.range)]}
            labels={['−', '0', '+']}
            title="Unit activation and link sign"
            width={120}
          />
        ) : null}
      </div>
      <div className="network-body" ref={ref} hidden={!open}>
        <div ref={exportRef}>
          {view ? (
            <NetworkDiagram
              view={view}
              width={Math.max(240, width)}
              height={HEIGHT}
              links={links}
              selected={shown}
              onSelect={setSelected}
              onEditLink={(link) => {
                setDone(null);
                setEditing(link);
              }}
              onLayout={setLayout}
              inputsOff={model.inputsOff}
              inputName={(feature) => describeInputToggle(model, feature)}
              onToggleInput={toggleInput}
              onLeave={() => toggleRef.current?.focus()}
              editing={editing !== null}
              pointer={pointer}
            />
          ) : (
            <p className="muted">The network appears once a run has started.</p>
          )}
        </div>
        {view && shown && !editing ? <UnitDetail view={view} unit={shown} /> : null}
        {view && editing ? (
          <LinkEditor
            key={`${editing.key}`}
            link={editing}
            name={linkName(view, editing, 'weight')}
            onClose={(text) => {
              setEditing(null);
              setDone(text);
            }}
          />
        ) : null}
        {view ? (
          <StructureControls view={view} layout={layout} width={Math.max(240, width)} />
        ) : null}
        {view ? <LinkLegend mode={links} tasks={outputs(view)} /> : null}
        <p className="muted network-status" role="status" data-testid="network-status">
          {done ?? ''}
        </p>
      </div>
      {error ? <p role="alert">Network view: {error}</p> : null}
      <div className="network-foot" hidden={!open}>
        {view ? (
          <details className="network-text">
            <summary>Network as text (step {view.step})</summary>
            <NetworkText view={view} links={links} inputsOff={model.inputsOff} />
          </details>
        ) : null}
        <ChartExport target={exportRef} name="network-view" />
      </div>
    </section>
  );
}

/** What the lesson step shown points at on the diagram (core/lessons: the step's `diagram`). */
function useLessonPointer(): DiagramPointer | null {
  const lessonId = useShareStore((s) => s.lesson);
  const step = useShareStore((s) => s.lessonStep);
  const lesson = findLesson(lessonId);
  return lesson?.steps[Math.min(step, lesson.steps.length - 1)]?.diagram ?? null;
}

function round(x: number): number {
  return Number(x.toPrecision(2));
}

function PlaneControls({ view }: { view: NetworkViewData }) {
  const plane = useNetworkViewStore((s) => s.plane);
  const inputs = view.groups.find((g) => g.kind === 'input')?.units ?? 1;
  const tasks = view.groups.filter((g) => g.kind === 'output').length;
  const n = plane.kind === 'features' ? inputs : tasks;
  const name = (i: number) => (plane.kind === 'features' ? `x${i + 1}` : `task ${i + 1}`);
  const setAxis = (k: 0 | 1, value: number) => {
    const axes: [number, number] = [...plane.axes];
    axes[k] = value;
    setNetworkViewOptions({ plane: { ...plane, axes } });
  };
  return (
    <div className="plane-controls">
      <label>
        Plane{' '}
        <select
          value={plane.kind}
          onChange={(e) =>
            setNetworkViewOptions({ plane: { kind: e.target.value as PlaneKind, axes: [0, 1] } })
          }
        >
          <option value="features">two features</option>
          <option value="task-weights">two tasks' true weights</option>
        </select>
      </label>
      {([0, 1] as const).map((k) => (
        <label key={k}>
          {k === 0 ? 'across' : 'up'}{' '}
          <select value={plane.axes[k]} onChange={(e) => setAxis(k, Number(e.target.value))}>
            {Array.from({ length: n }, (_, i) => (
              <option key={i} value={i}>
                {name(i)}
              </option>
            ))}
          </select>
        </label>
      ))}
      <span className="muted">
        drawn: {view.plane.labels[0]} × {view.plane.labels[1]}
      </span>
    </div>
  );
}

function outputs(view: NetworkViewData): number {
  return view.groups.filter((g) => g.kind === 'output').length;
}
