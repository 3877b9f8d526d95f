/**
 * Backend selection for TensorFlow.js: webgpu -> webgl -> wasm -> cpu, or a named override that
 * falls back along the same order. No DOM: runs in the worker, in Node (CLI) and in tests.
 *
 * WebGPU is probed with our own `requestAdapter()` first, because tfjs dereferences a null adapter
 * and fails to initialise (tfjs#8065). Backend packages are imported dynamically: the webgpu
 * package registers itself only when `navigator.gpu` exists at import time, and a host that never
 * needs webgl or wasm should not pay for loading them. TensorFlow.js itself is imported lazily too,
 * so the page can use the names and types here without bundling tfjs.
 */

import type { BackendSpeed } from './backendSpeed';

/** tfjs backends, then engines of src/core/engines that are not tfjs backends (see engines/active.ts). */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu', 'wasm-fused'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendChoice = BackendName | 'auto';

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value);
}

export function isBackendChoice(value: unknown): value is BackendChoice {
  return value === 'auto' || isBackendName(value);
}

/** What the WebGPU adapter says about itself; empty strings where the browser hides a field. */
export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
}

export interface BackendAttempt {
  name: BackendName;
  /** Why this backend was skipped. */
  reason: string;
}

export interface BackendSelection {
  name: BackendName;
  requested: BackendChoice;
  /** Set when `name` is webgpu. */
  adapter: AdapterSummary | null;
  /** Backends tried before `name`, with the reason each was skipped. */
  skipped: BackendAttempt[];
  /** Steps per second measured on the current config when `requested` was 'auto' (backendSpeed.ts). */
  speeds?: BackendSpeed[];
}

export type WasmBinaryName =
  'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

export interface BackendOptions {
  /** Where the .wasm binaries are served (a folder prefix or one URL per file); the host knows. */
  wasmPaths?: string | Partial<Record<WasmBinaryName, string>>;
}

/** The order to try: the requested backend first, then the automatic order without it. */
export function backendOrder(choice: BackendChoice): BackendName[] {
  if (choice === 'auto') return [...BACKEND_NAMES];
  return [choice, ...BACKEND_NAMES.filter((name) => name !== choice)];
}

/** The minimal slice of the WebGPU API we touch, typed here so core needs no DOM typings. */
interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface AdapterLike {
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<AdapterInfoLike>;
  features: { has(name: string): boolean };
  limits: Record<string, number>;
  requestDevice(descriptor: {
    requiredFeatures: string[];
    requiredLimits: Record<string, number>;
  }): Promise<unknown>;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null>;
}

function navigatorGpu(): GpuLike | undefined {
  const host = globalThis as { navigator?: { gpu?: GpuLike } };
  return host.navigator?.gpu;
}

/** Ask for a WebGPU adapter; null when WebGPU is missing or no adapter is available. */
export async function probeWebGpuAdapter(): Promise<AdapterSummary | null> {
  const gpu = navigatorGpu();
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const info: AdapterInfoLike =
    adapter.info ?? (adapter.requestAdapterInfo ? await adapter.requestAdapterInfo() : {});
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
  };
}

async function registerBackend(name: BackendName, options: BackendOptions): Promise<void> {
  switch (name) {
    case 'webgpu':
      await registerWebGpuWithAdapterLimits();
      return;
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (options.wasmPaths !== undefined) wasm.setWasmPaths(options.wasmPaths);
      return;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
  }
}

/**
 * The limits tfjs asks for, plus the adapter's own storage-buffer limit: tfjs keeps the default of
 * 8 storage buffers per stage, so any kernel with more than 7 inputs (a custom program, or tfjs's
 * own addN over many tensors) fails validation and silently yields zeros (tfjs-webgpu.md §0.1).
 */
const RAISED_LIMITS = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
] as const;

let webGpuFactoryInstalled = false;

/** Replace tfjs's webgpu backend factory with one that requests the adapter's higher limits. */
async function registerWebGpuWithAdapterLimits(): Promise<void> {
  const webgpu = await import('@tensorflow/tfjs-backend-webgpu');
  if (webGpuFactoryInstalled) return;
  const { tf } = await import('./tf');
  type DeviceArg = ConstructorParameters<typeof webgpu.WebGPUBackend>[0];
  type InfoArg = ConstructorParameters<typeof webgpu.WebGPUBackend>[1];
  tf.removeBackend('webgpu');
  tf.registerBackend(
    'webgpu',
    async () => {
      const gpu = navigatorGpu();
      const adapter = gpu
        ? await gpu.requestAdapter({ powerPreference: 'high-performance' })
        : null;
      if (!adapter) throw new Error('requestAdapter() returned null (no WebGPU adapter)');
      const requiredFeatures = ['timestamp-query', 'bgra8unorm-storage'].filter((f) =>
        adapter.features.has(f),
      );
      const requiredLimits: Record<string, number> = {};
      for (const name of RAISED_LIMITS) {
        if (adapter.limits[name] !== undefined) requiredLimits[name] = adapter.limits[name];
      }
      const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
      const info =
        adapter.info ??
        (adapter.requestAdapterInfo ? await adapter.requestAdapterInfo() : undefined);
      return new webgpu.WebGPUBackend(device as DeviceArg, info as InfoArg);
    },
    3,
  );
  webGpuFactoryInstalled = true;
}

/**
 * After the WebGPU device was lost and its backend removed (src/worker/deviceLoss.ts): let the next
 * activation of 'webgpu' register a fresh backend, which requests a new device.
 */
export function resetWebGpuRegistration(): void {
  webGpuFactoryInstalled = false;
}

/** Try one backend; returns the adapter (webgpu) or throws with the reason it is unusable. */
async function activate(
  name: BackendName,
  options: BackendOptions,
): Promise<AdapterSummary | null> {
  const engines = await import('./engines/active');
  if (engines.isEngineName(name)) {
    await engines.activateEngine(name, (host) => activate(host, options));
    return null;
  }
  engines.deactivateEngine();
  let adapter: AdapterSummary | null = null;
  if (name === 'webgpu') {
    if (!navigatorGpu()) throw new Error('navigator.gpu is missing (WebGPU not supported here)');
    adapter = await probeWebGpuAdapter();
    if (!adapter) throw new Error('requestAdapter() returned null (no WebGPU adapter)');
  }
  const { tf } = await import('./tf');
  await registerBackend(name, options);
  if (!tf.findBackendFactory(name)) throw new Error(`the ${name} backend did not register`);
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') failed to initialise`);
  await tf.ready();
  return adapter;
}

/**
 * Make the requested backend (or the best available one) current. Throws only when no backend
 * at all can be initialised.
 */
export async function selectBackend(
  choice: BackendChoice,
  options: BackendOptions = {},
): Promise<BackendSelection> {
  const skipped: BackendAttempt[] = [];
  for (const name of backendOrder(choice)) {
    try {
      const adapter = await activate(name, options);
      return { name, requested: choice, adapter, skipped };
    } catch (error) {
      skipped.push({ name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new Error(
    `No TensorFlow.js backend could be initialised: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
  );
}

/** The slice of GPUDevice used to hear about errors that WebGPU reports asynchronously. */
interface GpuErrorSource {
  addEventListener(
    type: 'uncapturederror',
    listener: (event: { error?: { message?: string } }) => void,
  ): void;
  lost?: Promise<{ message?: string; reason?: string }>;
}

/**
 * Report WebGPU validation and out-of-memory errors and device loss. They do not throw: an invalid
 * kernel silently turns a whole command buffer into zeros (tfjs-webgpu.md §1.6), so a host should
 * surface them. Does nothing unless the current backend is webgpu.
 */
export async function watchWebGpuErrors(onError: (message: string) => void): Promise<void> {
  const { tf } = await import('./tf');
  if (tf.getBackend() !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: GpuErrorSource }).device;
  if (!device) return;
  device.addEventListener('uncapturederror', (event) => {
    onError(`WebGPU error: ${event.error?.message ?? 'unknown'}`);
  });
  void device.lost?.then((info) => {
    if (info.reason !== 'destroyed')
      onError(`WebGPU device lost: ${info.message ?? info.reason ?? 'unknown'}`);
  });
}
