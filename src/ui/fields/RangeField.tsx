import { useId } from 'react';
import { FieldError } from './FieldError';
import { useFieldErrors } from './useFieldErrors';
import { useFieldHidden } from '../share/Hideable';

interface RangeFieldProps {
  label: string;
  path: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange(value: number): void;
  /** How the value is written next to the slider and read by screen readers. */
  format?: (value: number) => string;
  hint?: string;
}

/** A labelled slider with its value shown beside it; arrow keys move it one step. */
export function RangeField({
  label,
  path,
  value,
  min,
  max,
  step,
  onChange,
  format,
  hint,
}: RangeFieldProps) {
  const id = useId();
  const errors = useFieldErrors(path);
  const hidden = useFieldHidden(path);
  const text = format ? format(value) : String(value);
  const describedBy = [hint ? `${id}-hint` : '', errors.length ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  if (hidden) return null;
  return (
    <div className="field field-range">
      <label htmlFor={id}>{label}</label>
      <div className="range-row">
        <input
          id={id}
          type="range"
          min={min}
          max={max}
          step={step}
          value={value}
          aria-valuetext={text}
          aria-invalid={errors.length > 0}
          aria-describedby={describedBy || undefined}
          onChange={(event) => onChange(Number(event.target.value))}
        />
        <output htmlFor={id} className="range-value">
          {text}
        </output>
      </div>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} messages={errors} />
    </div>
  );
}
