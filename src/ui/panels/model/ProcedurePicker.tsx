import type { ReactNode } from 'react';
import { PROCEDURES, type ProcedureId } from '../../../core/methods/procedures/registry';
import type { ProcedureDefinition } from '../../../core/methods/procedures/types';
import type { MethodDefinition } from '../../../core/methods/types';
import { useLab } from '../../LabContext';
import { ChoiceDetails, SelectField } from './SelectField';

interface ProcedurePickerProps {
  /** The method with its loss transform (what the procedure wraps). */
  stacked: MethodDefinition;
  procedure: ProcedureDefinition | null;
  options: Readonly<Record<string, unknown>>;
  /** One generated control per option (MethodPicker's, validated against the whole stack). */
  field(spec: MethodDefinition['options'][number]): ReactNode;
}

/**
 * The training procedure around the method (flat-region SAM, MMoEEx's two-step FOMAML): only the
 * procedures that can wrap the chosen method are offered; the chosen one's summary, citation,
 * deviations and generated option controls follow.
 */
export function ProcedurePicker({ stacked, procedure, options, field }: ProcedurePickerProps) {
  const lab = useLab();
  const usable = PROCEDURES.filter((p) => p.refuses(stacked) === null);
  const ownKeys = new Set(procedure?.options.map((o) => o.key) ?? []);
  return (
    <>
      <SelectField
        label="Training procedure"
        path="train.procedure"
        value={procedure?.id ?? 'none'}
        hint="How a step computes the gradients the method balances: plainly, at each task's flat-region perturbation (SAM), or after a per-task inner step (MMoEEx FOMAML)."
        onChange={(id) => {
          // The old procedure's options would be unknown to the new stack: drop them.
          const kept = Object.fromEntries(
            Object.entries(options).filter(([key]) => !ownKeys.has(key)),
          ) as Record<string, number | string | boolean>;
          lab.edit({ train: { procedure: id as ProcedureId, methodOptions: kept } });
        }}
        details={
          procedure && (
            <>
              <ChoiceDetails summary={procedure.summary} citation={procedure.citation} />
              <p className="choice-summary" data-testid="procedure-deviations">
                Deviations: {procedure.deviations}
              </p>
            </>
          )
        }
      >
        <option value="none">none</option>
        {usable.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </SelectField>
      {procedure && procedure.options.length > 0 && (
        <fieldset className="method-options" key={`procedure-${procedure.id}`}>
          <legend>{procedure.label} settings</legend>
          {procedure.options.map(field)}
        </fieldset>
      )}
    </>
  );
}
