/**
 * The two headers that make a page cross-origin isolated (SharedArrayBuffer, so the fused CPU
 * engine's threads can start): `vite preview` sends them when MTL_CROSS_ORIGIN_ISOLATED is set,
 * the benchmark page always, and the README's hosting notes ask a host for the same.
 */
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
