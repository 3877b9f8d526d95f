/** Valid values of train.procedure (a leaf file, so the config schema can import it). */
export const PROCEDURE_IDS = ['none', 'sam', 'fomaml'] as const;
export type ProcedureId = (typeof PROCEDURE_IDS)[number];
