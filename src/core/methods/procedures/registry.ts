/**
 * The training procedures a method can run under ("training procedure" in the Model panel, the
 * config's train.procedure): 'none' plus one entry per file.
 */
import { fomamlProcedure } from './fomaml';
import type { ProcedureId } from './ids';
import { samProcedure } from './sam';
import type { ProcedureDefinition } from './types';

export { type ProcedureId } from './ids';

export const PROCEDURES: readonly ProcedureDefinition[] = [samProcedure, fomamlProcedure];

export function getProcedure(id: ProcedureId): ProcedureDefinition | null {
  return PROCEDURES.find((p) => p.id === id) ?? null;
}
