import { useId, useState } from 'react';
import { FieldError } from './FieldError';
import { useFieldErrors } from './useFieldErrors';
import { useFieldHidden } from '../share/Hideable';

interface NumberFieldProps {
  label: string;
  /** Config path whose validation messages belong to this field. */
  path: string;
  value: number;
  onChange(value: number): void;
  min?: number;
  max?: number;
  step?: number | 'any';
  hint?: string;
}

/**
 * A labelled number input. It keeps the typed text locally, so an intermediate entry such as "-"
 * or "" is not overwritten, and reports NaN for text that is not a number (validation says so).
 */
export function NumberField({
  label,
  path,
  value,
  onChange,
  min,
  max,
  step,
  hint,
}: NumberFieldProps) {
  const id = useId();
  const errors = useFieldErrors(path);
  const hidden = useFieldHidden(path);
  const [text, setText] = useState(() => formatNumber(value));
  const [shown, setShown] = useState(value);
  if (!Object.is(shown, value)) {
    setShown(value);
    if (!Object.is(parseNumber(text), value)) setText(formatNumber(value));
  }
  const describedBy = [hint ? `${id}-hint` : '', errors.length ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  if (hidden) return null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={text}
        min={min}
        max={max}
        step={step}
        aria-invalid={errors.length > 0}
        aria-describedby={describedBy || undefined}
        onChange={(event) => {
          setText(event.target.value);
          onChange(parseNumber(event.target.value));
        }}
      />
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} messages={errors} />
    </div>
  );
}

function parseNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

function formatNumber(value: number): string {
  return Number.isNaN(value) ? '' : String(value);
}
