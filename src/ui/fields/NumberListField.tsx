import { useId, useState } from 'react';
import { FieldError } from './FieldError';
import { useFieldErrors } from './useFieldErrors';
import { useFieldHidden } from '../share/Hideable';

interface NumberListFieldProps {
  label: string;
  path: string;
  values: number[];
  onChange(values: number[]): void;
  hint?: string;
}

/** A comma-separated list of whole numbers, such as hidden layer sizes "64, 32". */
export function NumberListField({ label, path, values, onChange, hint }: NumberListFieldProps) {
  const id = useId();
  const errors = useFieldErrors(path);
  const hidden = useFieldHidden(path);
  const joined = values.join(', ');
  const [text, setText] = useState(joined);
  const [shown, setShown] = useState(joined);
  if (shown !== joined) {
    setShown(joined);
    if (parseList(text).join(', ') !== joined) setText(joined);
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
        type="text"
        inputMode="numeric"
        value={text}
        spellCheck={false}
        aria-invalid={errors.length > 0}
        aria-describedby={describedBy || undefined}
        onChange={(event) => {
          setText(event.target.value);
          onChange(parseList(event.target.value));
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

/** "64, 32" -> [64, 32]; an unreadable entry becomes NaN so validation names it. */
function parseList(text: string): number[] {
  const parts = text.split(/[,\s]+/).filter((part) => part !== '');
  return parts.map((part) => Number(part));
}
