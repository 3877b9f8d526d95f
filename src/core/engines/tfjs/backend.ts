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
import { errorMessage } from '../../errorMessage';

/**
 * The one registry of backends, fastest first (the order to fall back along), with the name a
 * person reads. A new backend is one more line here.
 */
export const BACKENDS = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU (JavaScript)',
  /** Not a tfjs backend: the fused engine of src/core/engines/wasm-fused (engines/active.ts). */
  'wasm-fused': 'WebAssembly fused (CPU)',
} as const;
export type BackendName = keyof typeof BACKENDS;
export const BACKEND_NAMES = Object.keys(BACKENDS) as readonly BackendName[];

/** Backends that start in well under a second everywhere: the run starts on the first that works. */
export const QUICK_START_ORDER: readonly BackendName[] = ['wasm', 'cpu'];

/** Longest wait for one backend to start before it is skipped (a hung driver, a dead thread pool). */
export const BACKEND_START_LIMIT_MS = 15_000;
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

/** One backend's measured training speed (backendSpeed.ts measures it). */
export interface BackendSpeed {
  name: BackendName;
  /** Training steps per second measured here; null when the backend could not run. */
  stepsPerSecond: number | null;
  /** Why the backend was not measured. */
  reason?: string;
}

/** Why a run moved: measured faster (speedup, e.g. 3.1), or its backend could not run it. */
export interface BackendMoveReason {
  speedup?: number;
  /** One sentence a person can read, when the old backend failed. */
  reason?: string;
}

/** Why the current backend is the one in use, when the choice was automatic. */
export type AutoOrigin =
  /** Started on a backend that is quick to start; the others are being measured. */
  | 'quick-start'
  /** The choice measured on an earlier visit for this adapter and model shape. */
  | 'remembered'
  /** Measured just now. */
  | 'measured';

export interface BackendSelection {
  name: BackendName;
  requested: BackendChoice;
  /** With requested 'auto': how the backend was chosen. */
  origin?: AutoOrigin;
  /** Set after the run moved here: from where, and why (faster here, or `from` could not run it). */
  moved?: BackendMoveReason & { from: BackendName };
  /** Set when `name` is webgpu. */
  adapter: AdapterSummary | null;
  /** Backends tried before `name`, with the reason each was skipped. */
  skipped: BackendAttempt[];
  /** A sentence about the choice a person should read (e.g. why a measurement failed). */
  note?: string;
  /** Steps per second measured on the current config when `requested` was 'auto' (backendSpeed.ts). */
  speeds?: BackendSpeed[];
  /** CPU threads a step runs on, for an engine that threads (wasm-fused), and why only one. */
  threads?: { count: number; reason: string | null };
}

export type WasmBinaryName =
  'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

export interface BackendOptions {
  /** Where the .wasm binaries are served (a folder prefix or one URL per file); the host knows. */
  wasmPaths?: string | Partial<Record<WasmBinaryName, string>>;
  /** Time limit for one backend's start (default BACKEND_START_LIMIT_MS). */
  startLimitMs?: number;
  /** The order to try instead of backendOrder(choice) (e.g. QUICK_START_ORDER first). */
  order?: readonly BackendName[];
}

/** The order to try: the requested backend first, then the automatic order without it. */
export function backendOrder(choice: BackendChoice): BackendName[] {
  if (choice === 'auto') return [...BACKEND_NAMES];
  return [choice, ...BACKEND_NAMES.filter((name) => name !== choice)];
}

/** Rejects with "did not start within N s" when `work` takes longer than `ms`. */
export function withTimeLimit<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish within ${(ms / 1000).toFixed(0)} s`)),
      ms,
    );
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
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
      // Under cross-origin isolation tfjs picks its threaded build, which starts its thread
      // workers from the factory's own source text (`Function.toString()`); once bundled that
      // text refers to names outside it, the threads die ("e is not defined") and the backend
      // never becomes ready. The single-threaded SIMD build works everywhere (README: Backends).
      const { tf } = await import('../../tf');
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
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
  const { tf } = await import('../../tf');
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
  const engines = await import('../active');
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
  const { tf } = await import('../../tf');
  await registerBackend(name, options);
  const factory = tf.findBackendFactory(name);
  if (!factory) throw new Error(`the ${name} backend did not register`);
  try {
    const ok = await withTimeLimit(
      tf.setBackend(name),
      options.startLimitMs ?? BACKEND_START_LIMIT_MS,
      `starting ${name}`,
    );
    if (!ok) throw new Error(`tf.setBackend('${name}') failed to initialise`);
  } catch (error) {
    // Abandon the pending start so it cannot become the active backend later, and keep the
    // factory so the backend may be tried again.
    if (tf.getBackend() === name) {
      tf.removeBackend(name);
      tf.registerBackend(name, factory);
    }
    throw error;
  }
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
  for (const name of options.order ?? backendOrder(choice)) {
    try {
      const adapter = await activate(name, options);
      return { name, requested: choice, adapter, skipped };
    } catch (error) {
      skipped.push({ name, reason: errorMessage(error) });
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
  const { tf } = await import('../../tf');
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
