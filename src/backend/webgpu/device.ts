// Acquires a WebGPU adapter and device from any GPU entry point (navigator.gpu in the page,
// Dawn's `create([])` in Node) and describes the adapter for the status line.

export interface AdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  /** True for software adapters (SwiftShader, WARP, llvmpipe): slow, CPU-like. */
  software: boolean;
}

export interface GpuContext {
  /** The entry point the adapter came from. Held so it lives as long as the device: Dawn's Node
   *  binding tears the instance down when it is garbage-collected, even under a live device. */
  gpu: GPU;
  adapter: GPUAdapter;
  device: GPUDevice;
  info: AdapterInfo;
}

/** Thrown when no adapter or device can be had; `reason` is written for a person to read. */
export class WebGpuUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'WebGpuUnavailableError';
  }
}

/** The device was lost and no new one could be had: the caller falls back to the CPU. */
export class GpuLostError extends Error {
  constructor(
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`The GPU device was lost and could not be re-created: ${reason}`, options);
    this.name = 'GpuLostError';
  }
}

const SOFTWARE_ARCHITECTURES = ['swiftshader', 'warp', 'llvmpipe', 'lavapipe'];

export function describeAdapter(adapter: GPUAdapter): AdapterInfo {
  const { vendor, architecture, description } = adapter.info;
  const arch = architecture.toLowerCase();
  return {
    vendor: vendor || 'unknown vendor',
    architecture: architecture || 'unknown architecture',
    description,
    software: adapter.info.isFallbackAdapter || SOFTWARE_ARCHITECTURES.some((s) => arch.includes(s)),
  };
}

/** One-line label for the adapter, e.g. "google · swiftshader". */
export function adapterLabel(info: AdapterInfo): string {
  return `${info.vendor} · ${info.architecture}`;
}

export async function acquireGpu(gpu: GPU | undefined): Promise<GpuContext> {
  if (!gpu) throw new WebGpuUnavailableError('This browser does not expose WebGPU (navigator.gpu is missing).');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new WebGpuUnavailableError('WebGPU is present but no GPU adapter is available.');
  const limits: Record<string, number> = {};
  // Ask for the adapter's full storage limits: the engine's buffers outgrow the defaults at large H.
  for (const name of ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxStorageBuffersPerShaderStage'] as const) {
    limits[name] = adapter.limits[name];
  }
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits: limits });
  } catch (err) {
    throw new WebGpuUnavailableError(`The GPU adapter refused to create a device: ${(err as Error).message}`);
  }
  return { gpu, adapter, device, info: describeAdapter(adapter) };
}
