/**
 * tf.tidy for functions that return plain objects: every tensor reachable from the result
 * (through objects and arrays) is kept, everything else made inside is disposed.
 */
import { tf } from '../tf';

export function tensorsIn(value: unknown, out: tf.Tensor[] = []): tf.Tensor[] {
  if (value instanceof tf.Tensor) out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => tensorsIn(v, out));
  else if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    Object.values(value).forEach((v) => tensorsIn(v, out));
  }
  return out;
}

export function tidyKeep<T>(fn: () => T): T {
  let result: T | undefined;
  tf.tidy(() => {
    result = fn();
    tensorsIn(result).forEach((t) => tf.keep(t));
  });
  return result as T;
}
