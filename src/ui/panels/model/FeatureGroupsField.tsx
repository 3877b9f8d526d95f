/**
 * Feature groups (config model.featureGroups; FULLER's intra calibration): typed as
 * `name: 1-4, 7; other: 5-6` (1-based columns), with a preset from the generator's own knowledge
 * of its columns: the informative ones, then the appended irrelevant ones. Text that does not
 * parse is explained beside the control and changes nothing; the schema names overlaps.
 */
import { useState } from 'react';
import { informativeIrrelevantGroups } from '../../../core/model/featureGroups';
import { formatFeatureGroups, parseFeatureGroups } from '../../../core/model/featureGroupsText';
import { useConfigStore } from '../../../state/configStore';
import { useDataStudioStore } from '../../../state/dataStudioStore';
import { FieldFrame, useFieldChrome } from '../../fields/FieldFrame';
import { useLab } from '../../LabContext';

const PATH = 'model.featureGroups';
const HINT =
  'One small encoder per group of input columns feeds the bottom; FULLER rescales each ' +
  'encoder’s gradient to the same length. Write name: columns, groups separated by ; ' +
  '(e.g. informative: 1-8; noise: 9-12). Columns of no group reach the bottom unchanged. Empty: no encoders.';

export function FeatureGroupsField() {
  const lab = useLab();
  const groups = useConfigStore((state) => state.draft.model.featureGroups);
  const data = useConfigStore((state) => state.draft.data);
  // The preset knows the generator's columns; an imported table's columns mean something else.
  const imported = useDataStudioStore((state) => state.table !== null);
  const formatted = formatFeatureGroups(groups);
  const [text, setText] = useState(formatted);
  const [shown, setShown] = useState(formatted);
  const [problem, setProblem] = useState<string | null>(null);
  if (shown !== formatted) {
    setShown(formatted);
    setText(formatted);
    setProblem(null);
  }
  const chrome = useFieldChrome(PATH, HINT);
  if (chrome.hidden) return null;
  const withProblem = problem ? { ...chrome, errors: [...chrome.errors, problem] } : chrome;
  return (
    <FieldFrame chrome={withProblem} label="Feature groups" hint={HINT}>
      <input
        {...withProblem.controlProps}
        aria-invalid={withProblem.errors.length > 0}
        type="text"
        value={text}
        spellCheck={false}
        placeholder="none"
        data-testid="feature-groups"
        onChange={(event) => {
          setText(event.target.value);
          const parsed = parseFeatureGroups(event.target.value);
          setProblem(parsed.ok ? null : parsed.error);
          if (parsed.ok) lab.edit({ model: { featureGroups: parsed.groups } });
        }}
      />
      <button
        type="button"
        className="link-button"
        data-testid="feature-groups-preset"
        disabled={imported}
        title={
          imported
            ? 'Only for generated data: an imported table’s columns are not the generator’s'
            : 'The generator’s D informative columns, then its irrelevant (pure noise) columns'
        }
        onClick={() => lab.edit({ model: { featureGroups: informativeIrrelevantGroups(data) } })}
      >
        Informative / irrelevant
      </button>
    </FieldFrame>
  );
}
