/**
 * The body of one training thread of the fused engine (threads.ts starts it): it instantiates
 * the kernels over the shared memory and replays its row slice's recorded passes on command
 * (assembly/replay.ts: one wasm call per pass).
 *
 * Control words (Int32 at `control`): [0] command count, [1] command (index of a command; -1
 * ends the thread), [2] last command done, [3] 1 when a command threw. The host writes [1], adds
 * to [0] and notifies; the thread runs the tape, stores [0] into [2] and notifies.
 *
 * `threadMain` must stay self-contained (no imports, no outer names): in Node it is started
 * from its own source text (worker_threads `eval`), so bundling never has to find the file.
 */

export interface ThreadInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Per command, the recorded passes it runs in order: byte range [ptr, end) of each tape. */
  commands: { ptr: number; end: number }[][];
  /** Byte offset of this thread's four control words. */
  control: number;
  /** How long to spin on the control word before blocking. */
  spinMs: number;
}

export function threadMain(init: ThreadInit, ready: () => void): void {
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const replay = instance.exports.replay as (tape: number, end: number) => void;
  const control = new Int32Array(init.memory.buffer, init.control, 4);
  // Read before saying ready: the host may send the first command as soon as it hears it.
  let seen = Atomics.load(control, 0);
  ready();
  for (;;) {
    const spinUntil = performance.now() + init.spinMs;
    while (Atomics.load(control, 0) === seen && performance.now() < spinUntil);
    Atomics.wait(control, 0, seen);
    seen = Atomics.load(control, 0);
    const command = Atomics.load(control, 1);
    if (command < 0) return;
    try {
      for (const tape of init.commands[command]) replay(tape.ptr, tape.end);
    } catch {
      Atomics.store(control, 3, 1);
    }
    Atomics.store(control, 2, seen);
    Atomics.notify(control, 2);
  }
}
