/**
 * Layers that read their parameters from the fused optimizer's packed state instead of separate
 * tf.Variables (so the optimizer never writes parameters back during training):
 * - `packedDense(h, source, kernel, bias, act)`: one program forward; backward one program for dh
 *   (only when h needs a gradient) and one for dW + db together, written into the gradient slot.
 * - `packedParam(source, ref)`: any other parameter as a tensor (one copy program), gradient
 *   scattered into its slot.
 * The differentiable inputs are the source's gradient slots (dummy tensors that are never read);
 * tf.grads w.r.t. them yields the packed gradients directly: the shared slot [C, Ps] (C = T gives
 * the task Jacobian of the replicated trick), the rest slot [1, n - Ps]. webgpu only.
 */
import { tf } from '../../tf';
import type { DenseActivation } from './denseProgram';
import {
  PackedDenseForwardProgram,
  PackedDenseGradInputProgram,
  PackedDenseGradParamsProgram,
  SlotScatterProgram,
} from './packedDenseProgram';
import { ParamViewProgram } from './paramViewProgram';
import { activeWebGPUBackend, type WebGPUBackend } from './webgpuBackend';

/** Where one parameter lives: param-row offset, spec shape, and its gradient slot. */
export interface PackedRef {
  offset: number;
  shape: number[];
  slot: number;
  /** Offset of the parameter inside its slot's columns. */
  slotOffset: number;
  /** Leading copies axis C (shared parameters; 0 = none, as for task parameters). */
  copies: number;
}

export interface PackedSource {
  /** The optimizer's packed state [3, n] (row 0: parameters). */
  state: tf.Tensor;
  /** Gradient slots [C, S]; only their shapes matter. */
  slots: tf.Tensor2D[];
}

const FORWARD = 'MtlPackedDense';
const GRAD_INPUT = 'MtlPackedDenseGradInput';
const GRAD_PARAMS = 'MtlPackedDenseGradParams';
const VIEW = 'MtlPackedParam';
const SCATTER = 'MtlSlotScatter';

type Info = tf.TensorInfo;

interface DenseAttrs {
  activation: DenseActivation;
  /** h has one stack per copy, shared by the layer's m stacks (see PackedDims). */
  sharedInput: boolean;
  wOff: number;
  bOff: number;
  wSlotOff: number;
  bSlotOff: number;
  m: number;
  slotRows: number;
  slotCols: number;
}

interface ViewAttrs {
  offset: number;
  size: number;
  slotOffset: number;
  slotRows: number;
  slotCols: number;
}

const int = (x: number) => ({ type: 'int32' as const, data: [x] });
const run = (backend: unknown) => backend as WebGPUBackend;
const withY = (inputs: Info[], y: Info | undefined, act: DenseActivation): Info[] =>
  act === 'relu' && y ? [...inputs, y] : inputs;

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: FORWARD,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { h, state } = inputs as { h: Info; state: Info };
      const a = attrs as unknown as DenseAttrs & { outW: number };
      const [hStacks, rows, inW] = h.shape;
      const n = a.sharedInput ? hStacks * a.m : hStacks;
      const dims = { n, rows, inW, outW: a.outW, m: a.m, sharedInput: a.sharedInput };
      const program = new PackedDenseForwardProgram(dims, a.activation);
      return run(backend).runWebGPUProgram(program, [h, state], 'float32', [
        int(a.wOff),
        int(a.bOff),
      ]);
    },
  });
  tf.registerKernel({
    kernelName: GRAD_INPUT,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, state, y } = inputs as { dy: Info; state: Info; y?: Info };
      const a = attrs as unknown as DenseAttrs & { inW: number };
      const [n, rows, outW] = dy.shape;
      const dims = { n, rows, inW: a.inW, outW, m: a.m, sharedInput: a.sharedInput };
      const program = new PackedDenseGradInputProgram(dims, a.activation);
      return run(backend).runWebGPUProgram(
        program,
        withY([dy, state], y, a.activation),
        'float32',
        [int(a.wOff), int(a.bOff)],
      );
    },
  });
  tf.registerKernel({
    kernelName: GRAD_PARAMS,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { h, dy, y } = inputs as { h: Info; dy: Info; y?: Info };
      const a = attrs as unknown as DenseAttrs;
      const [n, rows, outW] = dy.shape;
      const dims = { n, rows, inW: h.shape[2], outW, m: a.m, sharedInput: a.sharedInput };
      const program = new PackedDenseGradParamsProgram(
        [a.slotRows, a.slotCols],
        dims,
        a.activation,
      );
      return run(backend).runWebGPUProgram(program, withY([h, dy], y, a.activation), 'float32', [
        int(a.wSlotOff),
        int(a.bSlotOff),
      ]);
    },
  });
  tf.registerKernel({
    kernelName: VIEW,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { state } = inputs as { state: Info };
      const a = attrs as unknown as ViewAttrs & { shape: number[] };
      return run(backend).runWebGPUProgram(new ParamViewProgram(a.shape), [state], 'float32', [
        int(a.offset),
        int(a.size),
      ]);
    },
  });
  tf.registerKernel({
    kernelName: SCATTER,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy } = inputs as { dy: Info };
      const a = attrs as unknown as ViewAttrs;
      const program = new SlotScatterProgram([a.slotRows, a.slotCols]);
      return run(backend).runWebGPUProgram(program, [dy], 'float32', [
        int(a.slotOffset),
        int(a.size),
      ]);
    },
  });
  tf.registerGradient({
    kernelName: FORWARD,
    inputsToSave: ['h', 'state'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [h, state, y] = saved;
      const d = dy as tf.Tensor;
      const a = attrs as unknown as DenseAttrs;
      const yIn: tf.NamedTensorMap = a.activation === 'relu' ? { y } : {};
      const call = (name: string, inputs: tf.NamedTensorMap, extra: object = {}) =>
        tf.engine().runKernel(name, inputs, { ...attrs, ...extra }) as tf.Tensor;
      return {
        h: () => call(GRAD_INPUT, { dy: d, state, ...yIn }, { inW: h.shape[2] }),
        slot: () => call(GRAD_PARAMS, { h, dy: d, ...yIn }),
      };
    },
  });
  tf.registerGradient({
    kernelName: VIEW,
    gradFunc: (dy, _saved, attrs) => ({
      slot: () => tf.engine().runKernel(SCATTER, { dy: dy as tf.Tensor }, attrs) as tf.Tensor,
    }),
  });
}

function slotOf(source: PackedSource, ref: PackedRef): tf.Tensor2D {
  const slot = source.slots[ref.slot];
  if (!slot) throw new Error(`packed parameter refers to missing slot ${ref.slot}`);
  return slot;
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Leading axes of a parameter as the architecture sees it: [C?, ...spec lead]. */
function viewShape(ref: PackedRef): number[] {
  return ref.copies > 0 ? [ref.copies, ...ref.shape] : ref.shape;
}

/** The parameter as a tensor ([C, ...shape] for shared ones); gradient lands in its slot. */
export function packedParam(source: PackedSource, ref: PackedRef): tf.Tensor {
  if (!activeWebGPUBackend()) throw new Error('packedParam needs the webgpu backend');
  register();
  const slot = slotOf(source, ref);
  const attrs: ViewAttrs & { shape: number[] } = {
    offset: ref.offset,
    size: sizeOf(ref.shape),
    slotOffset: ref.slotOffset,
    slotRows: slot.shape[0],
    slotCols: slot.shape[1],
    shape: viewShape(ref),
  };
  const inputs = { state: source.state, slot };
  return tf.engine().runKernel(VIEW, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/**
 * act(h W + b) for h [...lead, rows, in] where lead is the layer's stacking axes ([C, ...spec
 * lead] for shared layers); returns [...lead, rows, out]. h may instead have one stack per copy
 * ([C, rows, in], or [1, rows, in] for task layers), read by every stack of that copy.
 * The C copies are those of the replicated trick: their inputs must be identical (they are: x
 * broadcast, through identical parameters), because the forward computes copy 0 for all of them.
 */
export function packedDense(
  h: tf.Tensor,
  source: PackedSource,
  kernel: PackedRef,
  bias: PackedRef,
  activation: DenseActivation,
): tf.Tensor {
  if (!activeWebGPUBackend()) throw new Error('packedDense needs the webgpu backend');
  register();
  if (kernel.slot !== bias.slot || kernel.copies !== bias.copies) {
    throw new Error('packedDense: kernel and bias must share a slot and copies');
  }
  const lead = viewShape(kernel).slice(0, -2);
  const [inW, outW] = kernel.shape.slice(-2);
  const n = sizeOf(lead);
  const m = sizeOf(kernel.shape.slice(0, -2));
  const rows = h.shape[h.rank - 2];
  const hStacks = sizeOf(h.shape) / (rows * inW);
  if (hStacks !== n && hStacks * m !== n) {
    throw new Error(`packedDense: h [${h.shape}] does not fit kernel [${viewShape(kernel)}]`);
  }
  const slot = slotOf(source, kernel);
  const attrs: DenseAttrs & { outW: number } = {
    activation,
    sharedInput: hStacks !== n,
    wOff: kernel.offset,
    bOff: bias.offset,
    wSlotOff: kernel.slotOffset,
    bSlotOff: bias.slotOffset,
    m,
    slotRows: slot.shape[0],
    slotCols: slot.shape[1],
    outW,
  };
  const h3 = tf.reshape(h, [hStacks, rows, inW]);
  const y = tf
    .engine()
    .runKernel(
      FORWARD,
      { h: h3, state: source.state, slot },
      attrs as unknown as tf.NamedAttrMap,
    ) as tf.Tensor;
  return tf.reshape(y, [...lead, rows, outW]);
}
