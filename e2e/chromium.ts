/**
 * How the tests and the benchmark start Debian's Chromium: headless, with WebGPU enabled (on a
 * machine without a GPU that is the SwiftShader adapter), and no background network traffic.
 */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
