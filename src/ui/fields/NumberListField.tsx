import { useState } from 'react';
import { FieldFrame, useFieldChrome } from './FieldFrame';

interface NumberListFieldProps {
  label: string;
  path: string;
  values: number[];
  onChange(values: number[]): void;
  hint?: string;
}

/** A comma-separated list of whole numbers, such as hidden layer sizes "64, 32". */
export function NumberListField({ label, path, values, onChange, hint }: NumberListFieldProps) {
  const chrome = useFieldChrome(path, hint);
  const joined = values.join(', ');
  const [text, setText] = useState(joined);
  const [shown, setShown] = useState(joined);
  if (shown !== joined) {
    setShown(joined);
    if (parseList(text).join(', ') !== joined) setText(joined);
  }
  if (chrome.hidden) return null;
  return (
    <FieldFrame chrome={chrome} label={label} hint={hint}>
      <input
        {...chrome.controlProps}
        type="text"
        inputMode="numeric"
        value={text}
        spellCheck={false}
        onChange={(event) => {
          setText(event.target.value);
          onChange(parseList(event.target.value));
        }}
      />
    </FieldFrame>
  );
}

/** "64, 32" -> [64, 32]; an unreadable entry becomes NaN so validation names it. */
function parseList(text: string): number[] {
  const parts = text.split(/[,\s]+/).filter((part) => part !== '');
  return parts.map((part) => Number(part));
}
