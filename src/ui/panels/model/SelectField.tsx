import type { ReactNode } from 'react';
import { FieldFrame, useFieldChrome } from '../../fields/FieldFrame';

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
  const chrome = useFieldChrome(path, hint, details);
  if (chrome.hidden) return null;
  return (
    <FieldFrame chrome={chrome} label={label} hint={hint} details={details}>
      <select
        {...chrome.controlProps}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      >
        {children}
      </select>
    </FieldFrame>
  );
}

/** The one-paragraph summary and citation of an architecture or method (and why it is experimental). */
export function ChoiceDetails({
  summary,
  citation,
  experimental,
}: {
  summary: string;
  citation: string;
  experimental?: string;
}) {
  return (
    <>
      <p className="choice-summary">{summary}</p>
      {experimental && (
        <p className="choice-experimental" data-testid="choice-experimental">
          {experimental}
        </p>
      )}
      <p className="choice-citation">
        <cite>{citation}</cite>
      </p>
    </>
  );
}
