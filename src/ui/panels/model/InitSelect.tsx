import { INIT_SCHEMES, type InitScheme } from '../../../core/config/schema';
import { INIT_EXPLANATIONS } from '../../../core/model/init';
import { useConfigStore } from '../../../state/configStore';
import { useLab } from '../../LabContext';
import { SelectField } from './SelectField';

const LABELS: Record<InitScheme, string> = {
  pytorch: 'PyTorch default',
  'he-normal': 'He-normal (lab before v2)',
  'glorot-uniform': 'Glorot-uniform (Keras)',
};

const isScheme = (id: string): id is InitScheme => (INIT_SCHEMES as readonly string[]).includes(id);

/** Which initialisation draws the weights, and what it means in one line. */
export function InitSelect() {
  const lab = useLab();
  const init = useConfigStore((state) => state.draft.model.init);
  return (
    <SelectField
      label="Initialisation"
      path="model.init"
      value={init}
      onChange={(id) => {
        if (isScheme(id)) lab.edit({ model: { init: id } });
      }}
      details={<p className="choice-summary init-explanation">{INIT_EXPLANATIONS[init]}</p>}
    >
      {INIT_SCHEMES.map((id) => (
        <option key={id} value={id}>
          {LABELS[id]}
        </option>
      ))}
    </SelectField>
  );
}
