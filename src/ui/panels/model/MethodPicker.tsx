import { getProcedure } from '../../../core/methods/procedures/registry';
import { wrapMethod } from '../../../core/methods/procedures/wrap';
import { findMethod } from '../../../core/methods/registry';
import { acceptsTransform, composeMethod } from '../../../core/methods/transforms/compose';
import {
  getLossTransform,
  LOSS_TRANSFORMS,
  type LossTransformId,
} from '../../../core/methods/transforms/registry';
import type { MethodDefinition } from '../../../core/methods/types';
import { useConfigStore } from '../../../state/configStore';
import { useFieldHidden } from '../../share/Hideable';
import { useLab } from '../../LabContext';
import { MethodOptionField } from './MethodOptionField';
import { methodGroups } from './methodOptions';
import { ProcedurePicker } from './ProcedurePicker';
import { ChoiceDetails, SelectField } from './SelectField';

const GROUPS = methodGroups();

/**
 * The task-balancing method grouped by family, its summary and citation, then its hyperparameters.
 * Choosing another method resets the options to that method's defaults. Hiding the method control
 * (`m_hide`) hides its options too.
 */
export function MethodPicker() {
  const lab = useLab();
  const methodId = useConfigStore((state) => state.draft.train.method);
  const options = useConfigStore((state) => state.draft.train.methodOptions);
  const transformId = useConfigStore((state) => state.draft.train.lossTransform);
  const procedureId = useConfigStore((state) => state.draft.train.procedure);
  const hidden = useFieldHidden('train.method');
  const method = findMethod(methodId);
  if (hidden) return null;
  const transform = method && acceptsTransform(method) ? getLossTransform(transformId) : null;
  // Option fields validate against the whole stack: method, transform, procedure options.
  const stacked = method && transform ? composeMethod(method, transform) : method;
  const wanted = stacked ? getProcedure(procedureId) : null;
  const procedure = stacked && wanted && wanted.refuses(stacked) === null ? wanted : null;
  const effective = stacked && procedure ? wrapMethod(stacked, procedure) : stacked;
  const transformKeys = new Set(transform?.options.map((o) => o.key) ?? []);
  const procedureKeys = new Set(procedure?.options.map((o) => o.key) ?? []);
  const field = (spec: MethodDefinition['options'][number]) =>
    effective && (
      <MethodOptionField
        key={spec.key}
        method={effective}
        spec={spec}
        stored={options}
        onChange={(next) => lab.edit({ train: { methodOptions: next } })}
      />
    );
  return (
    <div className="model-group">
      <SelectField
        label="Method"
        path="train.method"
        value={methodId}
        hint="How the tasks’ losses or gradients are combined into one update."
        onChange={(id) => {
          const next = findMethod(id);
          const keep = next !== undefined && acceptsTransform(next);
          const keepProcedure = next !== undefined && wanted?.refuses(next) === null;
          lab.edit({
            train: {
              method: id,
              methodOptions: {},
              ...(keep ? {} : { lossTransform: 'none' }),
              ...(keepProcedure ? {} : { procedure: 'none' }),
            },
          });
        }}
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
          {method.options
            .filter((spec) => !transformKeys.has(spec.key) && !procedureKeys.has(spec.key))
            .map(field)}
        </fieldset>
      )}
      {method && acceptsTransform(method) && (
        <SelectField
          label="Loss transform"
          path="train.lossTransform"
          value={transform ? transformId : 'none'}
          hint="Stacked under the method (as the IGB paper does): the method balances w_i·log ℓ_i instead of ℓ_i."
          onChange={(id) => {
            // The old transform's options would be unknown to the new stack: drop them.
            const kept = Object.fromEntries(
              Object.entries(options).filter(([key]) => !transformKeys.has(key)),
            );
            lab.edit({ train: { lossTransform: id as LossTransformId, methodOptions: kept } });
          }}
          details={
            transform && (
              <ChoiceDetails
                summary={transform.summary}
                citation={transform.citation}
                experimental={transform.experimental}
              />
            )
          }
        >
          <option value="none">none</option>
          {LOSS_TRANSFORMS.map((t) => (
            <option key={t.id} value={t.id}>
              {t.experimental ? `${t.label} (experimental)` : t.label}
            </option>
          ))}
        </SelectField>
      )}
      {transform && transform.options.length > 0 && (
        <fieldset className="method-options" key={`transform-${transform.id}`}>
          <legend>{transform.label} settings</legend>
          {transform.options.map(field)}
        </fieldset>
      )}
      {stacked && (
        <ProcedurePicker stacked={stacked} procedure={procedure} options={options} field={field} />
      )}
    </div>
  );
}
