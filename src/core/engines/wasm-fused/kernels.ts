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
  heapBase(): number;
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

  /** The names of the kernels, in the order `record` numbers them. */
  get kernelNames(): string[] {
    return Object.keys(this.exports).filter(
      (n) => typeof (this.exports as unknown as Record<string, unknown>)[n] === 'function',
    );
  }

  /**
   * Runs `fn` with every kernel call recorded instead of run: a tape of [kernel index, argument
   * count, ...arguments] that a thread replays (threads.ts). `fn` must reach the memory through
   * kernels only, since nothing runs while it records.
   */
  record(fn: () => void): Float64Array {
    const tape: number[] = [];
    const recorder: Record<string, (...args: number[]) => number> = {};
    this.kernelNames.forEach((name, index) => {
      recorder[name] = (...args: number[]) => {
        tape.push(index, args.length, ...args);
        return 0;
      };
    });
    this.k = recorder as unknown as KernelExports;
    try {
      fn();
    } finally {
      this.k = this.exports;
    }
    return Float64Array.from(tape);
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

async function kernelBytes(shared: boolean): Promise<ArrayBuffer | Uint8Array> {
  const url = shared
    ? new URL('./generated/kernels-shared.wasm', import.meta.url)
    : new URL('./generated/kernels.wasm', import.meta.url);
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

const compiled = new Map<boolean, Promise<WebAssembly.Module>>();

/** The compiled kernel module (plain or shared-memory variant), compiled once per host. */
export function kernelModule(shared: boolean): Promise<WebAssembly.Module> {
  let m = compiled.get(shared);
  if (!m) {
    m = kernelBytes(shared).then((bytes) => WebAssembly.compile(bytes as BufferSource));
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
  const instance = await WebAssembly.instantiate(await kernelModule(shared), {
    env: { memory: mem },
  });
  return new KernelMemory(mem, instance.exports as unknown as KernelExports);
}
