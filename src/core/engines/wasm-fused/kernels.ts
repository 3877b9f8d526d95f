/**
 * Loads the AssemblyScript kernels (assembly/, compiled by scripts/build-kernels.mjs into
 * generated/) into a WebAssembly memory the host owns, and hands out float buffers from one arena
 * in that memory. Pointers are byte offsets; a Float32Array view over the whole memory is
 * refreshed whenever the memory grows.
 */

/** A product over byte pointers: m, n, k, then A, lda, B, ldb, C, ldc and beta (0 or 1). */
type Gemm = (
  ...args: [
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    beta: number,
  ]
) => void;

/** The kernels' exports (see assembly/*.ts for each one's contract). */
export interface KernelExports {
  /** C [m, n] = beta·C + A·B (A [m, k], lda). */
  gemmNN: Gemm;
  /** C [m, n] = beta·C + Aᵀ·B (A [k, m], lda). */
  gemmTN: Gemm;
  /** C [m, n] = beta·C + A·Bᵀ (B [n, k], ldb); scratch holds k·n floats. */
  gemmNT(...args: [...Parameters<Gemm>, scratch: number]): void;
  transpose(src: number, rows: number, cols: number, ld: number, dst: number): void;
  biasAct(y: number, rows: number, cols: number, bias: number, relu: number): void;
  reluMask(d: number, y: number, n: number): void;
  colSum(out: number, d: number, rows: number, cols: number): void;
  softmaxRows(y: number, x: number, rows: number, cols: number): void;
  softmaxGrad(dx: number, dy: number, y: number, rows: number, cols: number): void;
  mixForward(out: number, g: number, ex: number, B: number, E: number, H: number): void;
  mixBackward(
    dg: number,
    dEx: number,
    dOut: number,
    g: number,
    ex: number,
    B: number,
    E: number,
    H: number,
  ): void;
  axpy(dst: number, src: number, s: number, n: number): void;
  axpyAt(dst: number, src: number, sPtr: number, n: number): void;
  scale(x: number, s: number, n: number): void;
  scaleAt(x: number, sPtr: number, n: number): void;
  copy(dst: number, src: number, n: number): void;
  zero(x: number, n: number): void;
  sumSquares(x: number, n: number): number;
  gram(G: number, J: number, T: number, P: number, ld: number): void;
  combine(d: number, J: number, w: number, R: number, P: number, ld: number): void;
  adam(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    stepSize: number,
    b1: number,
    b2: number,
    eps: number,
    vScale: number,
  ): void;
  taskLoss(
    out: number,
    y: number,
    mask: number,
    kinds: number,
    classes: number,
    T: number,
    B: number,
    K: number,
    losses: number,
    dOut: number,
    invs: number,
  ): void;
  /** Runs a recorded tape in [tape, end) (assembly/replay.ts). */
  replay(tape: number, end: number): void;
  heapBase(): number;
}

/**
 * The kernels a tape may hold, numbered by their place here: the same order as the switch in
 * assembly/replay.ts (kernels.test.ts replays one call of each against the direct call).
 */
export const TAPE_KERNELS = [
  'gemmNN',
  'gemmTN',
  'gemmNT',
  'transpose',
  'biasAct',
  'reluMask',
  'colSum',
  'softmaxRows',
  'softmaxGrad',
  'mixForward',
  'mixBackward',
  'axpy',
  'axpyAt',
  'scale',
  'scaleAt',
  'copy',
  'zero',
  'taskLoss',
] as const satisfies readonly (keyof KernelExports)[];

/** A recorded pass stored in the kernels' memory: float64 words in [ptr, end) (byte offsets). */
export interface Tape {
  ptr: number;
  end: number;
}

const PAGE = 65536;

/** A float32 buffer in the kernels' memory: byte offset and length in floats. */
export interface Buf {
  ptr: number;
  length: number;
}

export class KernelMemory {
  /** The kernels (a recorder while `record` runs). */
  k: KernelExports;
  private readonly exports: KernelExports;
  private view: Float32Array;
  private ints: Int32Array;
  private top: number;

  constructor(
    readonly memory: WebAssembly.Memory,
    exports: KernelExports,
  ) {
    this.k = exports;
    this.exports = exports;
    // 16-byte aligned, so f32x4 loads of a buffer's start are aligned.
    this.top = Math.ceil(exports.heapBase() / 16) * 16;
    this.view = new Float32Array(memory.buffer);
    this.ints = new Int32Array(memory.buffer);
  }

  /** A zeroed buffer of n floats (never freed: an engine run sizes its arena once). */
  alloc(n: number): Buf {
    const ptr = this.top;
    this.top += Math.ceil((n * 4) / 16) * 16;
    const need = this.top - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / PAGE));
    this.refresh();
    this.f32(ptr, n).fill(0);
    return { ptr, length: n };
  }

  /**
   * Runs `fn` with every kernel call recorded instead of run, and stores the calls as a tape in
   * the memory, which `replay` (or a training thread, threads.ts) runs in one call. `fn` must
   * reach the memory through kernels only, since nothing runs while it records; values that
   * change between replays (loss weights, cross-stitch α) are read by the kernels from memory.
   */
  record(fn: () => void): Tape {
    const words: number[] = [];
    const recorder: Record<string, (...args: number[]) => number> = {};
    for (const name of Object.keys(this.exports)) {
      const index = (TAPE_KERNELS as readonly string[]).indexOf(name);
      recorder[name] = (...args: number[]) => {
        if (index < 0) throw new Error(`internal: kernel ${name} cannot be recorded`);
        words.push(index, args.length, ...args);
        return 0;
      };
    }
    this.k = recorder as unknown as KernelExports;
    try {
      fn();
    } finally {
      this.k = this.exports;
    }
    const buf = this.alloc(words.length * 2);
    new Float64Array(this.memory.buffer, buf.ptr, words.length).set(words);
    return { ptr: buf.ptr, end: buf.ptr + words.length * 8 };
  }

  /** Runs a recorded tape on this thread. */
  replay(tape: Tape): void {
    this.exports.replay(tape.ptr, tape.end);
  }

  /** Bytes in use by the arena (for the memory checks). */
  get used(): number {
    return this.top;
  }

  private refresh(): void {
    if (this.view.buffer !== this.memory.buffer) {
      this.view = new Float32Array(this.memory.buffer);
      this.ints = new Int32Array(this.memory.buffer);
    }
  }

  /** A view of n floats at byte offset ptr (valid until the memory grows). */
  f32(ptr: number, n: number): Float32Array {
    this.refresh();
    return this.view.subarray(ptr >> 2, (ptr >> 2) + n);
  }

  i32(ptr: number, n: number): Int32Array {
    this.refresh();
    return this.ints.subarray(ptr >> 2, (ptr >> 2) + n);
  }

  /** The floats of a buffer. */
  of(b: Buf): Float32Array {
    return this.f32(b.ptr, b.length);
  }
}

type NodeFs = { readFileSync(path: URL): Uint8Array };

/** The four builds of scripts/build-kernels.mjs (literal URLs, so that Vite bundles each). */
function kernelUrl(shared: boolean, relaxed: boolean): URL {
  if (shared) {
    return relaxed
      ? new URL('./generated/kernels-shared-relaxed.wasm', import.meta.url)
      : new URL('./generated/kernels-shared.wasm', import.meta.url);
  }
  return relaxed
    ? new URL('./generated/kernels-relaxed.wasm', import.meta.url)
    : new URL('./generated/kernels.wasm', import.meta.url);
}

async function kernelBytes(url: URL): Promise<ArrayBuffer | Uint8Array> {
  if (url.protocol === 'file:') {
    // Node (tests, CLI, bench runner): read the file; no `import` of node:fs, so bundles stay clean.
    const host = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
    const fs = host.process?.getBuiltinModule?.('node:fs') as NodeFs | undefined;
    if (!fs) throw new Error('cannot read the wasm kernels: this Node has no getBuiltinModule');
    return fs.readFileSync(url);
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load the wasm kernels (${response.status} ${url})`);
  return response.arrayBuffer();
}

export interface KernelModule {
  module: WebAssembly.Module;
  /** Built with relaxed SIMD (fused multiply-add in the products): where the engine has it. */
  relaxed: boolean;
}

/** The relaxed-SIMD build where this engine validates it, else the plain SIMD one. */
async function compileKernels(shared: boolean): Promise<KernelModule> {
  const relaxed = await kernelBytes(kernelUrl(shared, true)).catch(() => null);
  if (relaxed && WebAssembly.validate(relaxed as BufferSource)) {
    return { module: await WebAssembly.compile(relaxed as BufferSource), relaxed: true };
  }
  const plain = await kernelBytes(kernelUrl(shared, false));
  return { module: await WebAssembly.compile(plain as BufferSource), relaxed: false };
}

const compiled = new Map<boolean, Promise<KernelModule>>();

/** The compiled kernel module (plain or shared-memory variant), compiled once per host. */
export function kernelModule(shared: boolean): Promise<KernelModule> {
  let m = compiled.get(shared);
  if (!m) {
    m = compileKernels(shared);
    compiled.set(shared, m);
    m.catch(() => compiled.delete(shared));
  }
  return m;
}

/** Instantiate the kernels over `memory` (a fresh one unless given, e.g. shared with workers). */
export async function createKernelMemory(memory?: WebAssembly.Memory): Promise<KernelMemory> {
  const shared =
    memory !== undefined &&
    typeof SharedArrayBuffer !== 'undefined' &&
    memory.buffer instanceof SharedArrayBuffer;
  const mem = memory ?? new WebAssembly.Memory({ initial: 16 });
  const { module } = await kernelModule(shared);
  const instance = await WebAssembly.instantiate(module, { env: { memory: mem } });
  return new KernelMemory(mem, instance.exports as unknown as KernelExports);
}
