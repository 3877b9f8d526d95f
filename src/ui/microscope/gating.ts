/** Expert-utilisation numbers from mean gate weights (rows: tasks, columns: experts). Pure. */

/** Entropy of a distribution in nats, normalised by log(n): 1 = uniform use, 0 = one expert. */
export function normalizedEntropy(p: number[]): number {
  if (p.length < 2) return 0;
  const total = p.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return Number.NaN;
  let h = 0;
  for (const v of p) {
    const q = v / total;
    if (q > 0) h -= q * Math.log(q);
  }
  return h / Math.log(p.length);
}

/** Mean gate weight of each expert over tasks: how much the model as a whole uses it. */
export function expertUsage(gates: number[][]): number[] {
  const E = gates[0]?.length ?? 0;
  return Array.from(
    { length: E },
    (_, e) => gates.reduce((s, row) => s + row[e], 0) / gates.length,
  );
}
