/**
 * Typing a new value into one link (issue 18 §4): a small form over the diagram, focused when it
 * opens; Enter sets the weight (the run goes on from it and its history marks the edit), Escape
 * closes. A value the worker refuses is explained and nothing changes.
 */
import { useState, type FormEvent } from 'react';
import { MAX_EDITED_WEIGHT } from '../../core/network/weightEdit';
import { editNetworkWeight } from '../../state/networkView';
import type { DrawnLink } from './links';

interface LinkEditorProps {
  link: DrawnLink;
  /** The link in words (its ends and current value). */
  name: string;
  onClose: (done: string | null) => void;
}

export function LinkEditor({ link, name, onClose }: LinkEditorProps) {
  const [text, setText] = useState(String(Number(link.weight.toFixed(4))));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || Math.abs(value) > MAX_EDITED_WEIGHT) {
      setError(`Type a number between −${MAX_EDITED_WEIGHT} and ${MAX_EDITED_WEIGHT}.`);
      return;
    }
    setBusy(true);
    try {
      const change = await editNetworkWeight({
        edge: link.edge,
        from: link.from,
        to: link.to,
        fromUnit: link.fromUnit,
        toUnit: link.toUnit,
        value,
      });
      onClose(change.text);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };
  return (
    <form
      className="link-editor"
      aria-label="Edit a weight"
      data-testid="link-editor"
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose(null);
      }}
    >
      <label>
        New weight for {name}
        <input
          type="text"
          inputMode="decimal"
          value={text}
          autoFocus
          aria-invalid={error !== null}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        Set
      </button>
      <button type="button" onClick={() => onClose(null)}>
        Cancel
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}
