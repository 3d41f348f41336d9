// Packs uniform structs: a list of u32 / f32 fields laid out 4 bytes each, padded to 16 bytes.
// The WGSL structs are written so that this sequential layout matches their alignment rules.

export type Field = number | { f32: number };

export function packUniform(fields: readonly Field[]): ArrayBuffer {
  const bytes = Math.ceil((fields.length * 4) / 16) * 16;
  const buf = new ArrayBuffer(bytes);
  const u = new Uint32Array(buf);
  const f = new Float32Array(buf);
  fields.forEach((x, i) => {
    if (typeof x === 'number') u[i] = x >>> 0;
    else f[i] = x.f32;
  });
  return buf;
}

export function uniformBuffer(device: GPUDevice, label: string, fields: readonly Field[]): GPUBuffer {
  const data = packUniform(fields);
  const buf = device.createBuffer({ label, size: data.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(buf, 0, data);
  return buf;
}

/** Usage of every storage buffer of the engine: bound as storage, cleared, copied and read back. */
export function storageUsage(): GPUBufferUsageFlags {
  return GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
}
