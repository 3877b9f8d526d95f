import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../../core/data/csv';
import { previewTable } from '../../../worker/csvImport';
import {
  draftFromPreview,
  draftProblems,
  mappingFromDraft,
  setKind,
  setRole,
  splitColumnOf,
} from './csvMappingDraft';

const TEXT = [
  'age,income,price,clicked,fold,note',
  '30,1.5,10.2,0,train,a',
  '41,2.5,11.9,1,test,b',
  '25,0.7,8.1,0,train,c',
  '52,3.1,14.0,1,train,d',
].join('\n');

const preview = previewTable(parseCsvText(TEXT), 'shop.csv');

describe('CSV mapping draft', () => {
  it('starts from the guess: numeric columns are features, nothing is a task yet', () => {
    const draft = draftFromPreview(preview);
    expect(draft.roles).toMatchObject({
      age: 'feature',
      income: 'feature',
      price: 'feature',
      clicked: 'feature',
      note: 'ignore',
    });
    expect(draft.kinds.clicked).toBe('binary');
    expect(draftProblems(draft)).toEqual([
      'Choose at least one task column (a column to predict).',
    ]);
  });

  it('builds the mapping the worker expects', () => {
    let draft = draftFromPreview(preview);
    draft = setRole(draft, 'price', 'task');
    draft = setRole(draft, 'clicked', 'task');
    draft = setKind(draft, 'price', 'regression');
    draft = setRole(draft, 'fold', 'split');
    expect(draftProblems(draft)).toEqual([]);
    expect(mappingFromDraft(draft)).toEqual({
      featureColumns: ['age', 'income'],
      taskColumns: [
        { name: 'price', kind: 'regression' },
        { name: 'clicked', kind: 'binary' },
      ],
      splitColumn: 'fold',
      testFraction: 0.3,
      seed: 0,
      standardize: true,
      name: 'shop.csv',
    });
  });

  it('keeps at most one split column', () => {
    let draft = setRole(draftFromPreview(preview), 'fold', 'split');
    draft = setRole(draft, 'note', 'split');
    expect(splitColumnOf(draft)).toBe('note');
    expect(draft.roles.fold).toBe('ignore');
  });

  it('names every missing piece and a bad test fraction', () => {
    let draft = draftFromPreview(preview);
    for (const name of draft.columns) draft = setRole(draft, name, 'ignore');
    draft = { ...draft, testFraction: 1.2 };
    expect(draftProblems(draft)).toHaveLength(3);
  });

  it('recognises the MultiTab layout exactly', () => {
    const multitab = previewTable(
      parseCsvText('x_0,x_1,task_0,task_1,split\n1,2,0.5,1,train\n2,3,0.1,0,test\n3,1,0.2,1,train'),
      'm.csv',
    );
    const mapping = mappingFromDraft(draftFromPreview(multitab));
    expect(mapping.featureColumns).toEqual(['x_0', 'x_1']);
    expect(mapping.taskColumns).toEqual([
      { name: 'task_0', kind: 'regression' },
      { name: 'task_1', kind: 'binary' },
    ]);
    expect(mapping.splitColumn).toBe('split');
  });
});
