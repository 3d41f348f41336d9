// Reading GPU buffers back: a one-off staging copy (traces, parameters, tests), and a ring of
// staging buffers for the training stats that never blocks the step that asks for them.

export async function readFloats(device: GPUDevice, src: GPUBuffer, offsetFloats = 0, countFloats = src.size / 4 - offsetFloats): Promise<Float32Array> {
  const size = countFloats * 4;
  const staging = device.createBuffer({ label: 'readback', size: Math.max(4, size), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    const enc = device.createCommandEncoder({ label: 'readback' });
    if (size > 0) enc.copyBufferToBuffer(src, offsetFloats * 4, staging, 0, size);
    device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(staging.getMappedRange(0, size).slice(0));
    staging.unmap();
    return out;
  } finally {
    staging.destroy();
  }
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

  destroy(): void {
    for (const s of this.slots) s.destroy();
  }
}
