import {
  ARCHITECTURE_IDS,
  type ArchitectureId,
  type ModelConfig,
} from '../../../core/config/schema';
import { architectures } from '../../../core/model/registry';
import { useConfigStore } from '../../../state/configStore';
import { NumberField } from '../../fields/NumberField';
import { NumberListField } from '../../fields/NumberListField';
import { useLab } from '../../LabContext';
import { modelPath, sizeFieldsFor, type SizeField } from './architectureFields';
import { FeatureGroupsField } from './FeatureGroupsField';
import { InitSelect } from './InitSelect';
import { ChoiceDetails, SelectField } from './SelectField';
import './model.css';

const HEAD_INIT_HINT =
  'Same starts every task’s tower from identical weights with a small output layer, so early ' +
  'gradient conflicts follow how similar the tasks are rather than the random signs of ' +
  'independently drawn heads.';

const isArchitecture = (id: string): id is ArchitectureId =>
  (ARCHITECTURE_IDS as readonly string[]).includes(id);

/** The architecture, its summary and citation, then only the size fields it reads. */
export function ArchitecturePicker() {
  const lab = useLab();
  const model = useConfigStore((state) => state.draft.model);
  const chosen = architectures[model.architecture];
  const fields = sizeFieldsFor(model.architecture, chosen.uses);
  const lists = fields.filter((field) => field.kind === 'list');
  const others = fields.filter((field) => field.kind !== 'list');
  return (
    <div className="model-group">
      <SelectField
        label="Architecture"
        path="model.architecture"
        value={model.architecture}
        onChange={(id) => {
          if (isArchitecture(id)) lab.edit({ model: { architecture: id } });
        }}
        details={<ChoiceDetails summary={chosen.summary} citation={chosen.citation} />}
      >
        {ARCHITECTURE_IDS.map((id) => (
          <option key={id} value={id}>
            {architectures[id].label}
          </option>
        ))}
      </SelectField>
      {lists.map((field) => (
        <SizeControl key={field.key} field={field} model={model} />
      ))}
      {others.length > 0 && (
        <div className="field-grid">
          {others.map((field) => (
            <SizeControl key={field.key} field={field} model={model} />
          ))}
        </div>
      )}
      {chosen.uses.includes('featureGroups') && <FeatureGroupsField />}
      <InitSelect />
      <SelectField
        label="Head initialisation"
        path="model.headInit"
        value={model.headInit}
        hint={HEAD_INIT_HINT}
        onChange={(value) => {
          if (value === 'independent' || value === 'same') lab.edit({ model: { headInit: value } });
        }}
      >
        <option value="independent">Independent</option>
        <option value="same">Same</option>
      </SelectField>
    </div>
  );
}

function SizeControl({ field, model }: { field: SizeField; model: ModelConfig }) {
  const lab = useLab();
  const path = modelPath(field.key);
  switch (field.kind) {
    case 'list':
      return (
        <NumberListField
          label={field.label}
          path={path}
          values={model[field.key]}
          hint={field.hint}
          onChange={(sizes) => lab.edit({ model: { [field.key]: sizes } })}
        />
      );
    case 'number':
      return (
        <NumberField
          label={field.label}
          path={path}
          value={model[field.key]}
          min={field.min}
          max={field.max}
          step={field.step ?? 1}
          hint={field.hint}
          onChange={(value) => lab.edit({ model: { [field.key]: value } })}
        />
      );
    case 'choice':
      return (
        <SelectField
          label={field.label}
          path={path}
          value={model[field.key]}
          hint={field.hint}
          onChange={(value) => {
            if (field.choices.includes(value)) lab.edit({ model: { [field.key]: value } });
          }}
        >
          {field.choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice === 'TxT' ? 'T×T' : choice === 'none' ? 'None' : choice}
            </option>
          ))}
        </SelectField>
      );
  }
}
