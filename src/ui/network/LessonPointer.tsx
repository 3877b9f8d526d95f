/**
 * A lesson step pointing at the network view (issue 18 §5, "watch the gate bars of task_0"): the
 * step's targets (core/lessons/types.ts DiagramTarget, from the lesson's data) outlined on the
 * diagram's SVG layer, and its note in words under the diagram. Targets the drawn network lacks
 * (the person changed the architecture) are left out; with none left, nothing is shown.
 */
import type { DiagramPointer } from '../../core/lessons/types';
import type { NetworkLayout } from './layout';
import type { DrawnLink } from './links';

const PAD = 3;

interface Outline {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

function resolve(pointer: DiagramPointer, layout: NetworkLayout, drawn: DrawnLink[]) {
  const outlines: Outline[] = [];
  const links: DrawnLink[] = [];
  for (const target of pointer.targets) {
    if ('group' in target) {
      const box = layout.boxes.get(target.group);
      if (!box) continue;
      const width = box.group.kind === 'gate' ? box.size * 2.2 : box.size;
      const row = target.unit === undefined ? -1 : box.shown.indexOf(target.unit);
      if (target.unit !== undefined && row < 0) continue;
      const y = row < 0 ? box.y : layout.unitY(box, row) - box.size / 2;
      const height = row < 0 ? box.height : box.size;
      outlines.push({
        key: `${target.group}:${target.unit ?? ''}`,
        x: box.x - PAD,
        y: y - PAD,
        width: width + 2 * PAD,
        height: height + 2 * PAD,
      });
    } else {
      links.push(...drawn.filter((l) => l.from === target.from && l.to === target.to));
    }
  }
  return { outlines, links };
}

interface LessonPointerProps {
  pointer: DiagramPointer | null;
  layout: NetworkLayout;
  drawn: DrawnLink[];
}

/** The outlines, inside the diagram's SVG (under its units, so they stay hoverable). */
export function LessonOutlines({ pointer, layout, drawn }: LessonPointerProps) {
  if (!pointer) return null;
  const { outlines, links } = resolve(pointer, layout, drawn);
  return (
    <g className="lesson-target" aria-hidden="true" pointerEvents="none">
      {links.map((l) => (
        <line
          key={l.key}
          data-lesson-link={`${l.from}>${l.to}`}
          x1={l.x1}
          y1={l.y1}
          x2={l.x2}
          y2={l.y2}
        />
      ))}
      {outlines.map((o) => (
        <rect
          key={o.key}
          data-lesson-target={o.key}
          x={o.x}
          y={o.y}
          width={o.width}
          height={o.height}
          rx={3}
        />
      ))}
    </g>
  );
}

/** The note, in words, when at least one target is drawn. */
export function LessonNote({ pointer, layout, drawn }: LessonPointerProps) {
  if (!pointer) return null;
  const { outlines, links } = resolve(pointer, layout, drawn);
  if (outlines.length === 0 && links.length === 0) return null;
  return (
    <p className="lesson-pointer" data-testid="lesson-pointer">
      Lesson: watch {pointer.note} (outlined)
    </p>
  );
}
