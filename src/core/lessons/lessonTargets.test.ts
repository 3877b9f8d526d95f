/**
 * What a lesson step points at on the network view exists there: every target names a group (and
 * unit) or a pair of linked groups of the drawing of the lesson's own architecture, so the view
 * outlines something real when the step is shown.
 */
import { describe, expect, test } from 'vitest';
import { getArchitecture } from '../model/registry';
import { LESSONS } from './lessons';
import { lessonConfig } from './presets';

describe('lesson steps point at parts of the network view that exist', () => {
  test('the lessons about sharing, conflicts and gates point at the diagram', () => {
    const pointing = LESSONS.filter((l) => l.steps.some((s) => s.diagram));
    expect(pointing.map((l) => l.id)).toEqual(
      expect.arrayContaining(['sharing-helps', 'negative-transfer', 'gradient-surgery']),
    );
    expect(pointing.map((l) => l.id)).toContain('experts-specialise');
  });

  test.each(LESSONS.map((l) => [l.id, l] as const))('%s', (_, lesson) => {
    const config = lessonConfig(lesson);
    const tasks = config.data.tasks;
    const drawing = getArchitecture(config.model.architecture).drawing(config.model, {
      features: config.data.features,
      tasks,
      outputs: config.data.taskSpecs.map((s) => (s.kind === 'multiclass' ? s.classes : 1)),
    });
    const groups = new Map(drawing.groups.map((g) => [g.id, g.units]));
    for (const step of lesson.steps) {
      for (const target of step.diagram?.targets ?? []) {
        const where = `${lesson.id} / ${step.title}: ${JSON.stringify(target)}`;
        if ('group' in target) {
          expect(groups.has(target.group), where).toBe(true);
          if (target.unit !== undefined) {
            expect(target.unit, where).toBeLessThan(groups.get(target.group) ?? 0);
          }
        } else {
          const linked = drawing.edges.some((e) => e.from === target.from && e.to === target.to);
          expect(linked, where).toBe(true);
        }
      }
      if (step.diagram) expect(step.diagram.note, lesson.id).not.toMatch(/\b[Tt]ask \d/);
    }
  });
});
