/**
 * The flat parameter layout of the fused engine: every parameter of the architecture in one
 * float buffer, shared parameters first ([0, Ps)) then task-specific ones ([Ps, P)), so the
 * per-task Jacobian J [T, Ps] lines up with the shared block and one Adam kernel updates all.
 */
import type { ParamSpec } from '../../model/types';

export interface ParamSlot {
  spec: ParamSpec;
  /** Index in the architecture's spec order. */
  index: number;
  /** Offset in the flat buffer (floats). */
  offset: number;
  size: number;
}

export class ParamLayout {
  readonly slots: ParamSlot[];
  readonly byName = new Map<string, ParamSlot>();
  /** Shared floats (the Jacobian's row length) and all floats. */
  readonly sharedSize: number;
  readonly size: number;

  constructor(
    readonly specs: ParamSpec[],
    readonly tasks: number,
  ) {
    const sizeOf = (s: ParamSpec) => s.shape.reduce((a, b) => a * b, 1);
    const order = [...specs.keys()].sort(
      (a, b) => Number(specs[b].shared) - Number(specs[a].shared) || a - b,
    );
    let offset = 0;
    const slots: ParamSlot[] = new Array<ParamSlot>(specs.length);
    let shared = 0;
    for (const i of order) {
      const size = sizeOf(specs[i]);
      slots[i] = { spec: specs[i], index: i, offset, size };
      offset += size;
      if (specs[i].shared) shared += size;
    }
    this.slots = slots;
    for (const s of slots) this.byName.set(s.spec.name, s);
    this.sharedSize = shared;
    this.size = offset;
  }

  get(name: string): ParamSlot {
    const slot = this.byName.get(name);
    if (!slot) throw new Error(`missing parameter "${name}"`);
    return slot;
  }

  /** Task-specific slots, each a stack of T equal blocks (block t belongs to task t). */
  get taskSlots(): ParamSlot[] {
    return this.slots.filter((s) => !s.spec.shared);
  }
}
