import { FieldFrame, useFieldChrome } from './FieldFrame';

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
  const chrome = useFieldChrome(path, hint);
  const text = format ? format(value) : String(value);
  if (chrome.hidden) return null;
  return (
    <FieldFrame chrome={chrome} label={label} hint={hint} className="field-range">
      <div className="range-row">
        <input
          {...chrome.controlProps}
          type="range"
          min={min}
          max={max}
          step={step}
          value={value}
          aria-valuetext={text}
          onChange={(event) => onChange(Number(event.target.value))}
        />
        <output htmlFor={chrome.id} className="range-value">
          {text}
        </output>
      </div>
    </FieldFrame>
  );
}
