/**
 * Link text of config model.featureGroups: `name:c,c,c*name:c,c` (0-based columns, as
 * model.inputsOff). The link reader unescapes a value once before a codec sees it, so a name is
 * escaped twice: its `%`, `:` and `*` first (undone here), then as any link text. A name may thus
 * hold any character. The schema's rules (unique names, no shared column) are checked by the link
 * field that uses this codec.
 */
import type { FeatureGroup } from '../config/schema';
import { accept, escapeText, listCodec, reject, unescapeText, type Codec } from './linkCodecs';
import type { Codec as NumberCodec } from './linkCodecs';

const GROUP_SEPARATOR = '*';
const NAME_SEPARATOR = ':';

function escapeName(name: string): string {
  const inner = name.replaceAll('%', '%25').replaceAll(':', '%3A').replaceAll('*', '%2A');
  return escapeText(inner);
}

export function featureGroupsCodec(column: NumberCodec<number>): Codec<FeatureGroup[]> {
  const columns = listCodec(column);
  return {
    encode: (groups) =>
      groups
        .map((g) => `${escapeName(g.name)}${NAME_SEPARATOR}${columns.encode(g.columns)}`)
        .join(GROUP_SEPARATOR),
    decode(raw) {
      if (raw === '') return accept([]);
      const groups: FeatureGroup[] = [];
      for (const [i, part] of raw.split(GROUP_SEPARATOR).entries()) {
        const at = part.indexOf(NAME_SEPARATOR);
        const name = at < 0 ? null : unescapeText(part.slice(0, at));
        if (at < 0 || !name) {
          return reject(`group ${i + 1} needs the form name:column,column (got "${part}")`);
        }
        const parsed = columns.decode(part.slice(at + 1));
        if (!parsed.ok) return reject(`group "${name}": ${parsed.reason}`);
        groups.push({ name, columns: parsed.value });
      }
      return accept(groups);
    },
  };
}
