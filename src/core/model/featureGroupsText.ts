/**
 * Feature groups as a person types them in the Model panel: `name: 1-4, 7; other: 5 6` with
 * 1-based columns x1, x2, … (the config keeps them 0-based, as model.inputsOff) and ranges a-b.
 * The schema then checks names and overlaps (config/schema.ts).
 */
import type { FeatureGroup } from '../config/schema';

export type ParsedGroups = { ok: true; groups: FeatureGroup[] } | { ok: false; error: string };

/** `name: 1-3, 5` for each group, joined by `; `. */
export function formatFeatureGroups(groups: readonly FeatureGroup[]): string {
  return groups.map((g) => `${g.name}: ${formatColumns(g.columns)}`).join('; ');
}

function formatColumns(columns: readonly number[]): string {
  const sorted = [...columns].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i] + 1}-${sorted[j] + 1}` : `${sorted[i] + 1}`);
    i = j + 1;
  }
  return parts.join(', ');
}

export function parseFeatureGroups(text: string): ParsedGroups {
  const groups: FeatureGroup[] = [];
  const entries = text
    .split(/[;\n]/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  for (const entry of entries) {
    const at = entry.lastIndexOf(':');
    if (at < 0)
      return { ok: false, error: `"${entry}": write a group as name: columns, e.g. noise: 9-12` };
    const name = entry.slice(0, at).trim();
    const columns: number[] = [];
    for (const item of entry
      .slice(at + 1)
      .split(/[,\s]+/)
      .filter((s) => s !== '')) {
      const range = /^x?(\d+)(?:-x?(\d+))?$/i.exec(item);
      const from = range ? Number(range[1]) : NaN;
      const to = range?.[2] !== undefined ? Number(range[2]) : from;
      if (!range || from < 1 || to < from) {
        return {
          ok: false,
          error: `group "${name}": "${item}" is not a column number (1, 2, …) or a range such as 3-6`,
        };
      }
      for (let c = from; c <= to; c++) columns.push(c - 1);
    }
    groups.push({ name, columns });
  }
  return { ok: true, groups };
}
