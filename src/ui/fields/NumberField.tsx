import { useState } from 'react';
import { FieldFrame, useFieldChrome } from './FieldFrame';

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
  const chrome = useFieldChrome(path, hint);
  const [text, setText] = useState(() => formatNumber(value));
  const [shown, setShown] = useState(value);
  if (!Object.is(shown, value)) {
    setShown(value);
    if (!Object.is(parseNumber(text), value)) setText(formatNumber(value));
  }
  if (chrome.hidden) return null;
  return (
    <FieldFrame chrome={chrome} label={label} hint={hint}>
      <input
        {...chrome.controlProps}
        type="number"
        inputMode="decimal"
        value={text}
        min={min}
        max={max}
        step={step}
        onChange={(event) => {
          setText(event.target.value);
          onChange(parseNumber(event.target.value));
        }}
      />
    </FieldFrame>
  );
}

function parseNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

function formatNumber(value: number): string {
  return Number.isNaN(value) ? '' : String(value);
}
