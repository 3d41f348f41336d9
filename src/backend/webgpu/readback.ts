// Reading GPU buffers back: a one-off staging copy (traces, parameters, tests), and a ring of
// staging buffers for the training stats that never blocks the step that asks for them.

export interface Region {
  buffer: GPUBuffer;
  /** In floats. */
  offset: number;
  count: number;
}

/** Reads several buffer regions with one staging buffer, one submit and one map. */
export async function readRegions(device: GPUDevice, regions: readonly Region[]): Promise<Float32Array[]> {
  const total = regions.reduce((n, r) => n + r.count, 0);
  const staging = device.createBuffer({ label: 'readback', size: Math.max(4, total * 4), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    const enc = device.createCommandEncoder({ label: 'readback' });
    let at = 0;
    for (const r of regions) {
      if (r.count > 0) enc.copyBufferToBuffer(r.buffer, r.offset * 4, staging, at * 4, r.count * 4);
      at += r.count;
    }
    device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const all = new Float32Array(staging.getMappedRange(0, Math.max(4, total * 4)).slice(0));
    staging.unmap();
    at = 0;
    return regions.map((r) => all.slice(at, (at += r.count)));
  } finally {
    staging.destroy();
  }
}

export async function readFloats(device: GPUDevice, src: GPUBuffer, offset = 0, count = src.size / 4 - offset): Promise<Float32Array> {
  const [out] = await readRegions(device, [{ buffer: src, offset, count }]);
  return out!;
}

/** A ring of small MAP_READ buffers: copy into a free one after a submit, map it without waiting. */
export class StagingRing {
  private readonly slots: GPUBuffer[];
  private next = 0;

  constructor(device: GPUDevice, readonly bytes: number, count = 3) {
    this.slots = Array.from({ length: count }, (_, i) => device.createBuffer({ label: `staging${i}`, size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }));
  }

  /** A slot that is not mapped nor being mapped, or null when all are busy (skip this read). */
  acquire(): GPUBuffer | null {
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[(this.next + i) % this.slots.length]!;
      if (s.mapState === 'unmapped') {
        this.next = (this.next + i + 1) % this.slots.length;
        return s;
      }
    }
    return null;
  }

  /** Bytes of all its slots. */
  get totalBytes(): number {
    return this.slots.length * this.bytes;
  }

  destroy(): void {
    for (const s of this.slots) s.destroy();
  }
}
