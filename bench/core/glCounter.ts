/**
 * Counts WebGL buffer and texture creations (the webgl backend's allocations), the WebGL twin of
 * src/core/engines/webgpu/dispatchCounter.ts. Browser only; a no-op counter elsewhere.
 */
export interface AllocationCounter {
  read(): number;
  uninstall(): void;
}

type Proto = Record<string, unknown>;

export function installGlAllocationCounter(): AllocationCounter | null {
  const host = globalThis as Record<string, unknown>;
  const protos = ['WebGL2RenderingContext', 'WebGLRenderingContext']
    .map((name) => (host[name] as { prototype?: Proto } | undefined)?.prototype)
    .filter((p): p is Proto => p !== undefined);
  if (protos.length === 0) return null;
  let count = 0;
  const undo: Array<() => void> = [];
  for (const proto of protos) {
    for (const method of ['createBuffer', 'createTexture']) {
      const original = proto[method];
      if (typeof original !== 'function') continue;
      const fn = original as (...args: unknown[]) => unknown;
      proto[method] = function (this: unknown, ...args: unknown[]): unknown {
        count += 1;
        return fn.apply(this, args);
      };
      undo.push(() => (proto[method] = original));
    }
  }
  return {
    read: () => count,
    uninstall: () => undo.reverse().forEach((u) => u()),
  };
}
