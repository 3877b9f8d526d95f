/**
 * The engine chosen as the lab's backend, when it is one of src/core/engines rather than a tfjs
 * backend ("wasm-fused"). tfjs still runs beside it on a host backend (the best CPU one, tfjs-wasm,
 * else cpu) for what the engine does not cover: createTrainer falls back to tfjs there, and
 * `engineFallback` says why.
 */
import type { ArchitectureDefinition } from '../model/types';
import type { MethodNeeds } from '../methods/types';
import type { ModelConfig } from '../config/schema';
import { getEngine } from './registry';
import type { Engine } from './types';
import { errorMessage } from '../errorMessage';

/** The tfjs backends an engine may run beside (a BackendName; not imported, backend.ts imports this file). */
type HostBackend = 'wasm' | 'cpu';

/**
 * The tfjs backends an engine's host may be, best first. Under cross-origin isolation tfjs-wasm
 * loads its threaded build, whose blob: workers this app's policy does not start (seen in the
 * e2e test with COOP/COEP), so the host is cpu there.
 */
function hosts(): HostBackend[] {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return isolated ? ['cpu'] : ['wasm', 'cpu'];
}

let active: Engine | null = null;

export function isEngineName(name: string): boolean {
  return getEngine(name) !== undefined;
}

/**
 * Make engine `name` current: throws with its reason when it cannot run here; otherwise
 * activates the first host backend that starts (through `activateHost`).
 */
export async function activateEngine(
  name: string,
  activateHost: (host: HostBackend) => Promise<unknown>,
): Promise<void> {
  const engine = getEngine(name);
  if (!engine) throw new Error(`unknown engine ${name}`);
  const reason = await engine.available();
  if (reason) throw new Error(reason);
  const failures: string[] = [];
  for (const host of hosts()) {
    try {
      await activateHost(host);
      active = engine;
      return;
    } catch (error) {
      failures.push(`${host}: ${errorMessage(error)}`);
    }
  }
  throw new Error(`no tfjs host backend for ${name} (${failures.join('; ')})`);
}

/** A tfjs backend became current: no engine. */
export function deactivateEngine(): void {
  active = null;
}

export function activeEngine(): Engine | null {
  return active;
}

/** Why the active engine leaves this architecture and method to tfjs; null when it runs them. */
export function engineFallback(
  architecture: ArchitectureDefinition,
  needs: MethodNeeds,
  model?: ModelConfig,
): string | null {
  if (!active) return null;
  const reason = active.supports(architecture, needs, model);
  return reason ? `${reason}; this run trains on tfjs` : null;
}
