import { getMethod, METHOD_IDS } from '../../../core/methods/registry';
import type { MethodDefinition } from '../../../core/methods/types';
import { useConfigStore } from '../../../state/configStore';
import { useFieldHidden } from '../../share/Hideable';
import { useLab } from '../../LabContext';
import { MethodOptionField } from './MethodOptionField';
import { methodGroups } from './methodOptions';
import { ChoiceDetails, SelectField } from './SelectField';

const GROUPS = methodGroups();

function findMethod(id: string): MethodDefinition | null {
  return METHOD_IDS.includes(id) ? getMethod(id) : null;
}

/**
 * The task-balancing method grouped by family, its summary and citation, then its hyperparameters.
 * Choosing another method resets the options to that method's defaults. Hiding the method control
 * (`m_hide`) hides its options too.
 */
export function MethodPicker() {
  const lab = useLab();
  const methodId = useConfigStore((state) => state.draft.train.method);
  const options = useConfigStore((state) => state.draft.train.methodOptions);
  const hidden = useFieldHidden('train.method');
  const method = findMethod(methodId);
  if (hidden) return null;
  return (
    <div className="model-group">
      <SelectField
        label="Method"
        path="train.method"
        value={methodId}
        hint="How the tasks’ losses or gradients are combined into one update."
        onChange={(id) => lab.edit({ train: { method: id, methodOptions: {} } })}
        details={method && <ChoiceDetails summary={method.summary} citation={method.citation} />}
      >
        {GROUPS.map((group) => (
          <optgroup key={group.family} label={group.label}>
            {group.methods.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </optgroup>
        ))}
      </SelectField>
      {method && method.options.length > 0 && (
        <fieldset className="method-options" key={method.id}>
          <legend>{method.label} settings</legend>
          {method.options.map((spec) => (
            <MethodOptionField
              key={spec.key}
              method={method}
              spec={spec}
              stored={options}
              onChange={(next) => lab.edit({ train: { methodOptions: next } })}
            />
          ))}
        </fieldset>
      )}
    </div>
  );
}
