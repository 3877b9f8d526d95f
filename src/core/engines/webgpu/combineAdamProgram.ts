import { ADAM_UNIFORMS_WGSL, ADAM_UPDATE_WGSL } from './adamConfig';
import type { WeightSource } from './taskWeights';
import { flatDispatch, type WebGPUProgram } from './webgpuBackend';

const WORKGROUP = 64;

/** A contiguous packed range [start, start + length). */
export interface PackedRange {
  start: number;
  length: number;
}

/** A task-stacked segment: block t = [start + t·perTask, start + (t+1)·perTask) is scaled by h_t. */
export interface ScaledRange {
  start: number;
  perTask: number;
  numTasks: number;
}

export interface CombineAdamPlan {
  numParams: number;
  /** Shared block [0, sharedSize): gradient Σ_r w_r J[r, i]. */
  sharedSize: number;
  /** One range per rest input R0, R1, ..., covering [sharedSize, numParams) in order. */
  restRanges: PackedRange[];
  scaledRanges: ScaledRange[];
}

/**
 * Combine + Adam in ONE dispatch: reads the packed state [3, n], the Jacobian (or direction) J of
 * the shared block, the other gradients (up to 5 inputs) and the weights; writes the new state.
 * `shared` supplies taskWeight() (rows of J), `head` supplies headWeight() (task-stacked blocks);
 * each is present only when read, since an unused binding is a validation error.
 * The layout (offsets, scaled ranges) is baked into the WGSL and the shaderKey: it is fixed per
 * model, so the pipeline compiles once.
 */
export class CombineAdamProgram implements WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [1] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms: string;

  constructor(
    private readonly plan: CombineAdamPlan,
    private readonly shared: WeightSource | null,
    private readonly head: WeightSource | null,
  ) {
    const sources = [shared, head].filter((w): w is WeightSource => w !== null);
    this.variableNames = [
      'State',
      ...(plan.sharedSize > 0 ? ['J'] : []),
      ...plan.restRanges.map((_, k) => `R${k}`),
      ...sources.filter((w) => w.inputs.length > 0).map((w) => w.inputName),
    ];
    if (this.variableNames.length > 7) throw new Error('CombineAdamProgram: more than 7 inputs');
    this.outputShape = [3, plan.numParams];
    this.dispatch = flatDispatch(plan.numParams, WORKGROUP);
    this.uniforms = [ADAM_UNIFORMS_WGSL, ...sources.map((w) => w.uniformsWgsl)].join(' ');
    const ranges = plan.restRanges.map((r) => `${r.start}+${r.length}`).join(',');
    const scaled = plan.scaledRanges.map((r) => `${r.start}x${r.perTask}x${r.numTasks}`).join(',');
    const keys = sources.map((w) => w.key).join('');
    this.shaderKey = `mtlCombineAdam_${keys}_s${plan.sharedSize}_r${ranges}_t${scaled}`;
  }

  getUserCode(): string {
    const { sharedSize, restRanges, scaledRanges } = this.plan;
    const sharedBranch =
      sharedSize > 0
        ? `if (i < ${sharedSize}) {
    let rows = uniforms.jShape.x;
    var acc = 0.0;
    for (var r = 0; r < rows; r = r + 1) {
      acc = acc + taskWeight(r) * J[r * ${sharedSize} + i];
    }
    return acc;
  }`
        : '';
    const restBranches = restRanges
      .map((r, k) => `if (i < ${r.start + r.length}) { return R${k}[i - ${r.start}]; }`)
      .join('\n  ');
    const scaleBranches = scaledRanges
      .map(
        (r) =>
          `if (i >= ${r.start} && i < ${r.start + r.perTask * r.numTasks}) { return headWeight((i - ${r.start}) / ${r.perTask}); }`,
      )
      .join('\n  ');
    return `
${this.shared?.fnWgsl ?? ''}
${this.head?.fnWgsl ?? ''}

fn rawGrad(i : i32) -> f32 {
  ${sharedBranch}
  ${restBranches}
  return 0.0;
}

fn gradScale(i : i32) -> f32 {
  ${scaleBranches}
  return 1.0;
}

fn main(index : i32) {
  let n = uniforms.numParams;
  if (index < n) {
    let p = State[index];
    let g = rawGrad(index) * gradScale(index);
    ${ADAM_UPDATE_WGSL}
  }
}
`;
  }
}
