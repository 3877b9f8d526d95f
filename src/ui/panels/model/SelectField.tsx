import { useId, type ReactNode } from 'react';
import { FieldError } from '../../fields/FieldError';
import { useFieldErrors } from '../../fields/useFieldErrors';
import { useFieldHidden } from '../../share/Hideable';

interface SelectFieldProps {
  label: string;
  /** Config path: names the field's validation messages and its classroom-hide id (link key). */
  path: string;
  value: string;
  onChange(value: string): void;
  /** `<option>` / `<optgroup>` elements. */
  children: ReactNode;
  hint?: ReactNode;
  /** Shown under the select (e.g. the chosen entry's summary); hidden with the control. */
  details?: ReactNode;
}

/** A labelled native select (arrow keys change it, Alt+Down opens it) tied to one config path. */
export function SelectField({
  label,
  path,
  value,
  onChange,
  children,
  hint,
  details,
}: SelectFieldProps) {
  const id = useId();
  const errors = useFieldErrors(path);
  const hidden = useFieldHidden(path);
  const describedBy = [
    hint ? `${id}-hint` : '',
    details ? `${id}-details` : '',
    errors.length ? `${id}-error` : '',
  ]
    .filter(Boolean)
    .join(' ');
  if (hidden) return null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-invalid={errors.length > 0}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        {children}
      </select>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {details && (
        <div className="choice-details" id={`${id}-details`}>
          {details}
        </div>
      )}
      <FieldError id={`${id}-error`} messages={errors} />
    </div>
  );
}

/** The one-paragraph summary and citation of an architecture or method. */
export function ChoiceDetails({ summary, citation }: { summary: string; citation: string }) {
  return (
    <>
      <p className="choice-summary">{summary}</p>
      <p className="choice-citation">
        <cite>{citation}</cite>
      </p>
    </>
  );
}
