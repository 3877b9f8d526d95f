/**
 * Threads for the fused engine: data parallel within one step. The training batch is cut into N
 * row slices; each slice has its own graph (aliasing its rows of x, y and mask) and gradient
 * buffers in one shared WebAssembly memory. Slice 0 runs on the calling thread, slices 1..N-1 in
 * workers (Web Workers, or worker_threads in Node) that replay their slice's recorded passes
 * (KernelMemory.record; one wasm call per pass) when told through Atomics. The caller then adds the slices' gradients
 * and losses in slice order, so a step is deterministic for a given N; against one thread it
 * differs only by the order of the row sums (float32 rounding; threads.test.ts bounds it).
 *
 * Losses stay the whole batch's masked means: every slice divides by the whole batch's
 * labelled count (FusedRun.countLabels), and the slices' shares are summed.
 *
 * Threads need shared memory: in a page, cross-origin isolation (COOP/COEP); otherwise the
 * engine runs on one thread (threadCount says how many and why).
 */
import type { KernelMemory, Tape } from './kernels';
import { kernelModule } from './kernels';
import type { FusedRun, SliceTapes, TrainSlice } from './run';
import { BackwardGuess, type GuessMode } from './backwardGuess';
import { threadMain, type ThreadInit } from './threadBody';

/** A command is a list of a slice's tapes, run in order (see `commandTapes`). */
const COMMAND = {
  forward: 0,
  weighted: 1,
  perTask: 2,
  forwardWeighted: 3,
  forwardPerTask: 4,
} as const;

function commandTapes({ forward, weighted, perTask }: SliceTapes): Tape[][] {
  return [[forward], [weighted], [perTask], [forward, weighted], [forward, perTask]];
}

/**
 * A thread spins this long on the control word before it blocks (Atomics.wait): the next command
 * usually comes within tens of microseconds, and a futex wake-up costs about as much again, more
 * on a busy machine.
 */
const SPIN_MS = 0.3;
/** Fewer rows per slice than this and a thread costs more than it saves. */
const MIN_ROWS_PER_THREAD = 32;
const MAX_THREADS = 8;
/** Int32 control words per thread, spaced a cache line apart. */
const CONTROL_STRIDE = 16;
/** A thread that has not finished its slice by then is taken as lost (the step throws). */
const ANSWER_MS = 30_000;

type Setting = number | 'auto';
let setting: Setting = 'auto';

/** Threads for the fused engine: a count, or 'auto' (the cores, up to 8). For tests and bench. */
export function setFusedThreads(value: Setting): void {
  setting = value;
}

interface Host {
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
  process?: { getBuiltinModule?: (id: string) => unknown; versions?: { node?: string } };
}

const host = globalThis as Host;
const isNode = typeof host.process?.versions?.node === 'string';

function cores(): number {
  const os = host.process?.getBuiltinModule?.('node:os') as
    { availableParallelism?: () => number } | undefined;
  return os?.availableParallelism?.() ?? host.navigator?.hardwareConcurrency ?? 1;
}

/** Whether the thread count was set (tests, bench) rather than left to the engine ('auto'). */
export function threadsForced(): boolean {
  return setting !== 'auto';
}

/** Threads this host can run for a batch of `rows`, and why not more when it is 1. */
export function threadCount(rows: number): { threads: number; reason: string | null } {
  if (typeof SharedArrayBuffer === 'undefined' || (!isNode && !host.crossOriginIsolated)) {
    return {
      threads: 1,
      reason: 'one thread: the page is not cross-origin isolated, so there is no shared memory',
    };
  }
  const wanted = setting === 'auto' ? Math.min(cores(), MAX_THREADS) : setting;
  const threads = Math.max(1, Math.min(wanted, Math.floor(rows / MIN_ROWS_PER_THREAD)));
  if (threads > 1) return { threads, reason: null };
  if (wanted <= 1) return { threads, reason: 'one thread: one core here' };
  return { threads, reason: `one thread: a batch of ${rows} rows is too small to split` };
}

/** A memory the workers can share (pass it to createKernelMemory before building the run). */
export function sharedKernelMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 16, maximum: 16384, shared: true });
}

interface WorkerHandle {
  control: Int32Array;
  terminate(): void;
}

type NodeWorker = {
  once(event: 'message' | 'error', listener: (value: unknown) => void): void;
  on(event: 'error', listener: (value: unknown) => void): void;
  unref(): void;
  postMessage(value: unknown): void;
  terminate(): Promise<number>;
};
type WorkerThreads = {
  Worker: new (source: string, options: { eval: true }) => NodeWorker;
};

async function startWorker(init: ThreadInit): Promise<() => void> {
  if (isNode) {
    const threads = host.process?.getBuiltinModule?.('node:worker_threads') as WorkerThreads;
    // The init arrives as a message, as in a browser (one protocol for both).
    const source = `const { parentPort } = require('node:worker_threads');
parentPort.once('message', (init) => (${threadMain.toString()})(init, () => parentPort.postMessage('ready')));`;
    const worker = new threads.Worker(source, { eval: true });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.postMessage(init);
    });
    worker.on('error', (error) =>
      console.error('a training thread of the fused engine failed', error),
    );
    worker.unref();
    return () => void worker.terminate();
  }
  const worker = new Worker(new URL('./thread.worker.ts', import.meta.url), { type: 'module' });
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (event) =>
      reject(new Error(event.message || 'a training thread failed to start'));
    worker.postMessage(init);
  });
  return () => worker.terminate();
}

/** Atomics.wait is refused on a page's main thread; there the host spins. */
const canBlock = isNode || typeof (globalThis as { window?: unknown }).window === 'undefined';

export class FusedThreads {
  private constructor(
    private readonly run: FusedRun,
    private readonly slices: TrainSlice[],
    private readonly workers: WorkerHandle[],
  ) {
    this.guess = new BackwardGuess(run.T);
  }

  private guess: BackwardGuess;

  /** Start guessing afresh (after threadChoice.ts timed passes that were not training steps). */
  forgetGuess(): void {
    this.guess = new BackwardGuess(this.run.T);
  }

  get count(): number {
    return this.slices.length;
  }

  /** Cut the run's training batch into `threads` slices and start a worker for each but the first. */
  static async start(run: FusedRun, threads: number): Promise<FusedThreads> {
    const km: KernelMemory = run.km;
    if (!(km.memory.buffer instanceof SharedArrayBuffer)) {
      throw new Error('internal: threads need the run built on sharedKernelMemory()');
    }
    const B = run.train.rows;
    const slices = Array.from({ length: threads }, (_, i) =>
      run.slice(Math.floor((i * B) / threads), Math.floor(((i + 1) * B) / threads), i === 0),
    );
    const control = km.alloc(threads * CONTROL_STRIDE);
    const { module } = await kernelModule(true);
    const workers: WorkerHandle[] = [];
    try {
      for (let i = 1; i < threads; i++) {
        const at = control.ptr + i * CONTROL_STRIDE * 4;
        const terminate = await startWorker({
          module,
          memory: km.memory,
          commands: commandTapes(slices[i].tapes),
          control: at,
          spinMs: SPIN_MS,
        });
        workers.push({ control: new Int32Array(km.memory.buffer, at, 4), terminate });
      }
    } catch (error) {
      for (const w of workers) w.terminate();
      throw error;
    }
    return new FusedThreads(run, slices, workers);
  }

  /** Run `command` in every worker while `local` runs slice 0 here; wait for all. */
  private dispatch(command: number, local: () => void): void {
    for (const w of this.workers) {
      Atomics.store(w.control, 1, command);
      Atomics.add(w.control, 0, 1);
      Atomics.notify(w.control, 0);
    }
    local();
    const now = performance.now();
    const deadline = now + ANSWER_MS;
    const spinUntil = now + SPIN_MS;
    this.workers.forEach((w, i) => {
      const issued = Atomics.load(w.control, 0);
      for (;;) {
        const done = Atomics.load(w.control, 2);
        if (done === issued) break;
        const t = performance.now();
        if (t < spinUntil) continue;
        if (t > deadline) {
          throw new Error(
            `training thread ${i + 1} of the fused engine did not answer within ${ANSWER_MS / 1000} s`,
          );
        }
        if (canBlock) Atomics.wait(w.control, 2, done, 100);
      }
      if (Atomics.load(w.control, 3) !== 0) {
        throw new Error('a training thread of the fused engine failed (a kernel trapped)');
      }
    });
  }

  /**
   * Forward and loss over all slices (after the batch is loaded): the whole batch's losses. The
   * threads run the guessed backward with it (backwardGuess.ts), so a step wakes them once.
   */
  forward(): Float64Array {
    const { run, slices } = this;
    run.countLabels();
    const guess = this.guess.atForward();
    if (guess === 'weighted') run.setLossWeights(this.guess.weights);
    const command =
      guess === 'weighted'
        ? COMMAND.forwardWeighted
        : guess === 'per-task'
          ? COMMAND.forwardPerTask
          : COMMAND.forward;
    let losses: Float64Array = new Float64Array(run.T);
    this.dispatch(command, () => {
      losses = run.forwardSlice(slices[0]);
      if (guess) this.backwardHere(guess);
    });
    for (let i = 1; i < slices.length; i++) {
      const share = run.km.of(slices[i].pass.losses);
      for (let t = 0; t < run.T; t++) losses[t] += share[t];
    }
    return losses;
  }

  private backwardHere(mode: GuessMode): void {
    if (mode === 'weighted') this.run.backwardWeightedOn(this.slices[0]);
    else this.run.backwardPerTaskOn(this.slices[0]);
  }

  /**
   * The backward `mode` over all slices unless the forward already ran it; a weighted backward
   * scales the output gradients in place, so after one the forward runs again first.
   */
  private backward(mode: GuessMode, weights?: ArrayLike<number>): void {
    const { hit, ran } = this.guess.atBackward(mode, weights);
    if (hit) return;
    const again = ran === 'weighted';
    const command =
      mode === 'weighted'
        ? again
          ? COMMAND.forwardWeighted
          : COMMAND.weighted
        : again
          ? COMMAND.forwardPerTask
          : COMMAND.perTask;
    this.dispatch(command, () => {
      if (again) this.run.forwardSlice(this.slices[0]);
      this.backwardHere(mode);
    });
  }

  /** Weighted backward over all slices into the run's flat gradient. */
  backwardWeighted(w: ArrayLike<number>): void {
    this.run.setLossWeights(w);
    this.backward('weighted', w);
    for (let i = 1; i < this.slices.length; i++) this.run.addSliceGrads(this.slices[i], false);
  }

  /** Per-task backward over all slices; returns the Gram matrix of the summed J. */
  backwardPerTask(): Float64Array {
    this.backward('per-task');
    for (let i = 1; i < this.slices.length; i++) this.run.addSliceGrads(this.slices[i], true);
    return this.run.perTaskGram();
  }

  /** A representation-mode backward (on the calling thread): no guess for the next forward. */
  backwardElsewhere(): void {
    this.guess.atBackward('representation');
  }

  dispose(): void {
    for (const w of this.workers) {
      Atomics.store(w.control, 1, -1);
      Atomics.add(w.control, 0, 1);
      Atomics.notify(w.control, 0);
      w.terminate();
    }
    this.workers.length = 0;
  }
}
