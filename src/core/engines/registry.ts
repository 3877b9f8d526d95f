/** The engines beside tfjs's backends, one line each (see types.ts). */
import type { Engine } from './types';
import { wasmFusedEngine } from './wasm-fused/engine';

export const ENGINES: readonly Engine[] = [wasmFusedEngine];

export function getEngine(id: string): Engine | undefined {
  return ENGINES.find((e) => e.id === id);
}
