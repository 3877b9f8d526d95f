/**
 * The keyboard: listens for the shortcuts of shortcuts.ts on the page and shows them in a dialog
 * when `?` is pressed (or the "Keyboard shortcuts" button is used).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useLab } from '../LabContext';
import { belongsToFocus, HELP_KEY, SHORTCUTS, shortcutFor } from './shortcuts';

export function ShortcutHelp() {
  const lab = useLab();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || belongsToFocus(event)) return;
      if (event.key === HELP_KEY) {
        event.preventDefault();
        setOpen(true);
        return;
      }
      const shortcut = shortcutFor(event.key);
      if (!shortcut) return;
      event.preventDefault();
      shortcut.run(lab);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [lab]);
  return (
    <>
      <button
        type="button"
        className="button button-small shortcut-button"
        aria-keyshortcuts={HELP_KEY}
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">?</span> Keys
      </button>
      {open && <ShortcutDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function ShortcutDialog({ onClose }: { onClose(): void }) {
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="shortcut-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      data-testid="shortcut-help"
    >
      <h2 id={titleId}>Keyboard shortcuts</h2>
      <p>They work anywhere on the page except while typing in a field.</p>
      <table className="stats-table">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.key}>
              <td>
                <kbd>{shortcut.key.toUpperCase()}</kbd>
              </td>
              <td>{shortcut.label}</td>
            </tr>
          ))}
          <tr>
            <td>
              <kbd>{HELP_KEY}</kbd>
            </td>
            <td>This list</td>
          </tr>
          <tr>
            <td>
              <kbd>Tab</kbd>
            </td>
            <td>Next control; the first stops are the skip link and Play, Step, Reset</td>
          </tr>
        </tbody>
      </table>
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          onClick={() => dialog.current?.close()}
        >
          Close
        </button>
      </div>
    </dialog>
  );
}
