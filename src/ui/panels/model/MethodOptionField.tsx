import { useId, useState } from 'react';
import type { OptionValue } from '../../../core/config/schema';
import type { MethodDefinition, MethodOptions, OptionSpec } from '../../../core/methods/types';
import { FieldError } from '../../fields/FieldError';
import {
  editOption,
  formatDefault,
  parseOption,
  shownOption,
  type RawOption,
} from './methodOptions';

interface MethodOptionFieldProps {
  method: MethodDefinition;
  spec: OptionSpec;
  /** The stored (valid) options of the method; missing keys take their defaults. */
  stored: Readonly<Record<string, OptionValue>>;
  onChange(options: MethodOptions): void;
}

/**
 * One hyperparameter of the chosen method, generated from its OptionSpec. A bad value shows a
 * message naming the option and is not stored: the run keeps the previous valid value.
 */
export function MethodOptionField({ method, spec, stored, onChange }: MethodOptionFieldProps) {
  const id = useId();
  const value = shownOption(spec, stored);
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  const [error, setError] = useState<string | null>(null);
  if (!Object.is(shown, value)) {
    // The stored value changed elsewhere (script, link, reset): show it.
    setShown(value);
    if (!Object.is(parseOption(spec, text), value)) setText(String(value));
    setError(null);
  }
  const change = (raw: RawOption): void => {
    const outcome = editOption(method, stored, spec, raw);
    setError(outcome.ok ? null : outcome.message);
    if (outcome.ok) onChange(outcome.options);
  };
  const help = `${spec.help} Default: ${formatDefault(spec)}.`;
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = {
    id,
    'aria-invalid': error !== null,
    'aria-describedby': describedBy,
    'data-option': spec.key,
  };
  if (spec.kind === 'boolean') {
    return (
      <div className="field field-check">
        <label htmlFor={id}>
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(e) => change(e.target.checked)}
          />{' '}
          {spec.label}
        </label>
        <p className="field-hint" id={`${id}-hint`}>
          {help}
        </p>
        <FieldError id={`${id}-error`} messages={error ? [error] : []} stripPath={false} />
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{spec.label}</label>
      {spec.kind === 'select' ? (
        <select {...common} value={String(value)} onChange={(e) => change(e.target.value)}>
          {(spec.choices ?? []).map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type="number"
          inputMode="decimal"
          value={text}
          min={spec.min}
          max={spec.max}
          step={spec.step ?? (spec.kind === 'integer' ? 1 : 'any')}
          onChange={(e) => {
            setText(e.target.value);
            change(e.target.value);
          }}
        />
      )}
      <p className="field-hint" id={`${id}-hint`}>
        {help}
      </p>
      <FieldError id={`${id}-error`} messages={error ? [error] : []} stripPath={false} />
    </div>
  );
}
