import { useConfigStore } from '../../state/configStore';
import { useRunStore } from '../../state/runStore';
import { configNotes } from './configNotes';

/** Valid settings with surprising effects (batch larger than the data, huge learning rate). */
export function ConfigNotes() {
  const config = useConfigStore((s) => s.config);
  const trainRows = useRunStore((s) => s.data?.trainRows ?? null);
  const notes = configNotes(config, trainRows);
  if (notes.length === 0) return null;
  return (
    <div className="banner banner-warning" role="status" data-notice="config">
      {notes.map((note) => (
        <p key={note}>{note}</p>
      ))}
    </div>
  );
}
