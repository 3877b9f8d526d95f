/**
 * Link codec of the task-similarity matrix. A symmetric matrix with a unit diagonal (the usual
 * case) is written as its upper triangle row by row, T(T-1)/2 numbers; anything else as all T*T
 * numbers, so every matrix the schema accepts comes back bit-exact. The count tells them apart.
 */
import { dataSchema } from '../config/schema';
import { accept, formatNumber, listCodec, numberCodec, reject, type Codec } from './linkCodecs';

type Matrix = number[][] | null;

const entry = numberCodec(dataSchema.shape.correlation.unwrap().unwrap().element.element);
const entries = listCodec(entry);

function isUnitSymmetric(P: number[][]): boolean {
  return P.every(
    (row, i) =>
      row.length === P.length &&
      row.every((x, j) => (i === j ? Object.is(x, 1) : Object.is(x, P[j][i]))),
  );
}

/** `tasks` is needed to decode (the count of numbers depends on it); encoding works without it. */
export function correlationCodec(tasks = 0): Codec<Matrix> {
  return {
    encode(P) {
      if (P === null) return '';
      if (isUnitSymmetric(P)) {
        const upper: number[] = [];
        P.forEach((row, i) => row.forEach((x, j) => j > i && upper.push(x)));
        return upper.map(formatNumber).join(',');
      }
      return P.flat().map(formatNumber).join(',');
    },
    decode(raw) {
      const parsed = entries.decode(raw);
      if (!parsed.ok) return parsed;
      const values = parsed.value;
      const T = tasks;
      const triangle = (T * (T - 1)) / 2;
      if (values.length === T * T) {
        return accept(Array.from({ length: T }, (_, i) => values.slice(i * T, (i + 1) * T)));
      }
      if (values.length === triangle) {
        const P = Array.from({ length: T }, () => new Array<number>(T).fill(1));
        let k = 0;
        for (let i = 0; i < T; i++) {
          for (let j = i + 1; j < T; j++) {
            P[i][j] = values[k];
            P[j][i] = values[k];
            k++;
          }
        }
        return accept(P);
      }
      return reject(
        `expected ${triangle} numbers (upper triangle) or ${T * T} (full ${T} x ${T} matrix) for ${T} tasks, got ${values.length}`,
      );
    },
  };
}
