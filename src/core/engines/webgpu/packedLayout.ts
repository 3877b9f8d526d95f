/**
 * Where each model parameter lives inside one flat packed buffer.
 *
 * Roles decide how a parameter's gradient reaches the fused optimizer:
 * - 'shared': used by every task; the engine computes per-task gradients with the replicated-weights
 *   trick, so its gradient arrives as a row of the task Jacobian J [T, sharedSize]. Shared segments
 *   come first, so J's columns are exactly the packed offsets [0, sharedSize).
 * - 'task': stacked per-task parameters [T, ...] (towers, gates); the gradient of block t may be
 *   scaled by the task weight w_t.
 * - 'own': anything else (e.g. learned loss log-variances); gradient used as is.
 */

export type ParamRole = 'shared' | 'task' | 'own';

export interface ParamSpec {
  name: string;
  shape: readonly number[];
  role?: ParamRole;
}

export interface PackedSegment {
  name: string;
  shape: number[];
  role: ParamRole;
  offset: number;
  size: number;
}

export class PackedLayout {
  readonly segments: readonly PackedSegment[];
  /** Total number of packed parameters n. */
  readonly size: number;
  /** Parameters in shared segments: the column count of J. */
  readonly sharedSize: number;
  readonly numTasks: number;
  private readonly byName: Map<string, PackedSegment>;

  constructor(specs: readonly ParamSpec[], numTasks: number) {
    if (!Number.isInteger(numTasks) || numTasks < 1)
      throw new Error(`numTasks must be >= 1, got ${numTasks}`);
    this.numTasks = numTasks;
    const roleOf = (s: ParamSpec): ParamRole => s.role ?? 'own';
    const ordered = [
      ...specs.filter((s) => roleOf(s) === 'shared'),
      ...specs.filter((s) => roleOf(s) !== 'shared'),
    ];
    const segments: PackedSegment[] = [];
    this.byName = new Map();
    let offset = 0;
    for (const spec of ordered) {
      const shape = [...spec.shape];
      if (shape.some((d) => !Number.isInteger(d) || d < 1)) {
        throw new Error(`parameter "${spec.name}" has invalid shape [${shape.join(', ')}]`);
      }
      const role = roleOf(spec);
      if (role === 'task' && shape[0] !== numTasks) {
        throw new Error(
          `task parameter "${spec.name}" must have leading dimension ${numTasks}, got [${shape.join(', ')}]`,
        );
      }
      if (this.byName.has(spec.name)) throw new Error(`duplicate parameter name "${spec.name}"`);
      const size = shape.reduce((a, b) => a * b, 1);
      const seg: PackedSegment = { name: spec.name, shape, role, offset, size };
      segments.push(seg);
      this.byName.set(spec.name, seg);
      offset += size;
    }
    this.segments = segments;
    this.size = offset;
    this.sharedSize = segments.filter((s) => s.role === 'shared').reduce((a, s) => a + s.size, 0);
  }

  segment(name: string): PackedSegment {
    const seg = this.byName.get(name);
    if (!seg) throw new Error(`no parameter "${name}" in the packed layout`);
    return seg;
  }

  get sharedSegments(): PackedSegment[] {
    return this.segments.filter((s) => s.role === 'shared');
  }

  /** Segments after the shared block, in packed order (their gradients are the "rest"). */
  get restSegments(): PackedSegment[] {
    return this.segments.filter((s) => s.role !== 'shared');
  }
}
