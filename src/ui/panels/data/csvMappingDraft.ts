/**
 * The mapping step of a CSV import as an editable draft: one role per column (feature, task,
 * split, ignored), a kind per task, and the split and scaling options. Pure, so the rules are
 * unit-tested: at most one split column, tasks keep their guessed kind, problems in plain words.
 */
import type { TaskKind } from '../../../core/config/schema';
import type { CsvMapping } from '../../../core/data/csv';
import type { CsvPreview } from '../../../worker/protocol/data';

export type ColumnRole = 'feature' | 'task' | 'split' | 'ignore';

export interface MappingDraft {
  /** Column names in file order. */
  columns: string[];
  roles: Record<string, ColumnRole>;
  kinds: Record<string, TaskKind>;
  testFraction: number;
  seed: number;
  standardize: boolean;
  /** Regression task columns trained on their standardised value; absent = on (the default). */
  keepTargetUnits?: Record<string, boolean>;
  fileName: string;
}

export function draftFromPreview(preview: CsvPreview): MappingDraft {
  const { guess } = preview;
  const roles: Record<string, ColumnRole> = {};
  const kinds: Record<string, TaskKind> = {};
  for (const column of preview.columns) {
    roles[column.name] = 'ignore';
    kinds[column.name] = column.kindGuess;
  }
  guess.featureColumns.forEach((name) => (roles[name] = 'feature'));
  guess.taskColumns.forEach((task) => {
    roles[task.name] = 'task';
    kinds[task.name] = task.kind;
  });
  if (guess.splitColumn !== undefined) roles[guess.splitColumn] = 'split';
  return {
    columns: preview.columns.map((c) => c.name),
    roles,
    kinds,
    testFraction: guess.testFraction,
    seed: guess.seed,
    standardize: guess.standardize,
    fileName: preview.fileName,
  };
}

/** Give a column a role; choosing a new split column makes the previous one ignored. */
export function setRole(draft: MappingDraft, column: string, role: ColumnRole): MappingDraft {
  const roles = { ...draft.roles };
  if (role === 'split') {
    for (const name of draft.columns) if (roles[name] === 'split') roles[name] = 'ignore';
  }
  roles[column] = role;
  return { ...draft, roles };
}

/** Train a regression task on its standardised target (on by default) or on the raw values. */
export function setTargetStandardized(
  draft: MappingDraft,
  column: string,
  standardize: boolean,
): MappingDraft {
  return { ...draft, keepTargetUnits: { ...draft.keepTargetUnits, [column]: !standardize } };
}

export const targetStandardized = (draft: MappingDraft, column: string): boolean =>
  draft.keepTargetUnits?.[column] !== true;

export function setKind(draft: MappingDraft, column: string, kind: TaskKind): MappingDraft {
  return { ...draft, kinds: { ...draft.kinds, [column]: kind } };
}

const withRole = (draft: MappingDraft, role: ColumnRole): string[] =>
  draft.columns.filter((name) => draft.roles[name] === role);

export function splitColumnOf(draft: MappingDraft): string | undefined {
  return withRole(draft, 'split')[0];
}

/** What stops the import before the file is even built (the worker checks cells later). */
export function draftProblems(draft: MappingDraft): string[] {
  const problems: string[] = [];
  if (withRole(draft, 'task').length === 0)
    problems.push('Choose at least one task column (a column to predict).');
  if (withRole(draft, 'feature').length === 0)
    problems.push('Choose at least one feature column (an input).');
  const split = splitColumnOf(draft) !== undefined;
  if (!split && !(draft.testFraction > 0 && draft.testFraction < 1))
    problems.push('The test fraction must be between 0 and 1.');
  if (!split && !(Number.isInteger(draft.seed) && draft.seed >= 0))
    problems.push('The split seed must be a whole number, 0 or more.');
  return problems;
}

export function mappingFromDraft(draft: MappingDraft): CsvMapping {
  const mapping: CsvMapping = {
    featureColumns: withRole(draft, 'feature'),
    taskColumns: withRole(draft, 'task').map((name) => ({
      name,
      kind: draft.kinds[name],
      ...(draft.kinds[name] === 'regression' && !targetStandardized(draft, name)
        ? { standardize: false }
        : {}),
    })),
    testFraction: draft.testFraction,
    seed: draft.seed,
    standardize: draft.standardize,
    name: draft.fileName,
  };
  const split = splitColumnOf(draft);
  if (split !== undefined) mapping.splitColumn = split;
  return mapping;
}
