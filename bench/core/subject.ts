/** One implementation of a training loop the benchmark can time. */
export interface BenchSubject {
  /** Run `steps` training steps; resolves when they are issued (not necessarily finished on the GPU). */
  train(steps: number): Promise<void>;
  /** Wait until every issued step has finished (one small readback). */
  sync(): Promise<void>;
  dispose(): void;
  /** Bytes of memory the subject holds outside tfjs (the fused engine's wasm heap). */
  memoryBytes?(): number;
  /** The threads an engine trains on, and why one when it is one. */
  threads?: { count: number; reason: string | null };
}
