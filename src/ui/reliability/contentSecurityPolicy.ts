/**
 * The lab's Content-Security-Policy. The build puts it in index.html as a <meta http-equiv>, and
 * `vite preview` also sends it as a header, which is what covers the module worker and the service
 * worker (a meta policy applies to the page only). No 'unsafe-eval': nothing is ever evaluated
 * from a string; 'wasm-unsafe-eval' lets the tfjs WASM backend compile its bundled binaries.
 * Inline styles are allowed because React sets style attributes (chart geometry, colours).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');
