// The uniform structs of the kernels: one typed builder per WGSL uniform struct, its fields named
// and ordered as in the WGSL. WGSL's alignment rules (u32 and f32 4 bytes, vec2<u32> 8, vec4 and
// arrays 16; a buffer a multiple of 16 bytes) are applied here, in one place, so the WGSL structs
// carry no padding fields. tests/gpu/uniform-structs.test.ts checks every builder against the
// struct it names.

type FieldType = 'u32' | 'f32' | 'vec2<u32>' | 'array<vec4<u32>, 8>';
type Vec2 = readonly [number, number];
type Vec4 = readonly [number, number, number, number];
type ValueOf<T extends FieldType> = T extends 'vec2<u32>' ? Vec2 : T extends 'array<vec4<u32>, 8>' ? readonly Vec4[] : number;
export type Fields = Readonly<Record<string, FieldType>>;
export type StructValues<S extends Fields> = { readonly [K in keyof S]: ValueOf<S[K]> };

const SIZES: Record<FieldType, { align: number; size: number }> = {
  u32: { align: 4, size: 4 },
  f32: { align: 4, size: 4 },
  'vec2<u32>': { align: 8, size: 8 },
  'array<vec4<u32>, 8>': { align: 16, size: 128 },
};

/** A WGSL uniform struct: byte offsets of its fields, and packing named values into a buffer. */
export class UniformStruct<S extends Fields> {
  /** Byte offset of each field. */
  readonly offsets: { readonly [K in keyof S]: number };
  /** Bytes of a buffer holding it (a multiple of 16). */
  readonly bytes: number;

  constructor(
    /** The shaders that declare the struct, and its name there. */
    readonly shaders: readonly string[],
    readonly name: string,
    readonly fields: S,
  ) {
    const offsets: Record<string, number> = {};
    let at = 0;
    for (const [field, type] of Object.entries(fields)) {
      const { align, size } = SIZES[type];
      at = Math.ceil(at / align) * align;
      offsets[field] = at;
      at += size;
    }
    this.offsets = offsets as { [K in keyof S]: number };
    this.bytes = Math.max(16, Math.ceil(at / 16) * 16);
  }

  /** The struct's bytes for these values. */
  pack(values: StructValues<S>): ArrayBuffer {
    const buf = new ArrayBuffer(this.bytes);
    const u = new Uint32Array(buf);
    const f = new Float32Array(buf);
    for (const [field, type] of Object.entries(this.fields)) {
      const i = this.offsets[field]! / 4;
      const v = values[field] as number | Vec2 | readonly Vec4[];
      if (type === 'f32') f[i] = v as number;
      else if (type === 'u32') u[i] = (v as number) >>> 0;
      else if (type === 'vec2<u32>') u.set((v as Vec2).map((x) => x >>> 0), i);
      else {
        const entries = v as readonly Vec4[];
        if (entries.length > SIZES[type].size / 16) throw new RangeError(`${this.name}.${field}: ${entries.length} entries, room for ${SIZES[type].size / 16}`);
        entries.forEach((e, n) => u.set(e.map((x) => x >>> 0), i + 4 * n));
      }
    }
    return buf;
  }

  /** A uniform buffer holding these values. */
  create(device: GPUDevice, label: string, values: StructValues<S>): GPUBuffer {
    const buf = device.createBuffer({ label, size: this.bytes, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buf, 0, this.pack(values));
    return buf;
  }

  /** Rewrites the struct in `buffer` at `byteOffset`. */
  write(queue: GPUQueue, buffer: GPUBuffer, values: StructValues<S>, byteOffset = 0): void {
    queue.writeBuffer(buffer, byteOffset, this.pack(values));
  }
}

const struct = <const S extends Fields>(shader: string | string[], name: string, fields: S) => new UniformStruct([shader].flat(), name, fields);

/** The cell kernels' layer dims (shaders/cell_dims.wgsl): sizes and section offsets in floats
 *  (layout.ts NetLayout), and each direction's weights in params and paramsT. */
export const CellDims = struct('cell_dims.wgsl', 'Dims', {
  B: 'u32', T: 'u32', H: 'u32', G: 'u32', dirs: 'u32', GH: 'u32', Hp: 'u32',
  pre: 'u32', post: 'u32', dhp: 'u32', c: 'u32', aux: 'u32', h0: 'u32', c0: 'u32', normDc: 'u32',
  wHh: 'vec2<u32>', bHh: 'vec2<u32>', peep: 'vec2<u32>', wT: 'vec2<u32>', wP: 'vec2<u32>',
});

/** A cell dispatch's step (shaders/cell_dims.wgsl): s, each direction's position, and the dstep
 *  halves backward step s reads and writes (layout.ts NetLayout.step). */
export const Step = struct('cell_dims.wgsl', 'Step', {
  s: 'u32', t: 'vec2<u32>', dh: 'vec2<u32>', dc: 'vec2<u32>',
});

/** embed_forward and embed_grad (the same struct in both). */
export const EmbedDims = struct(['embed_forward.wgsl', 'embed_grad.wgsl'], 'Dims', {
  N: 'u32', GH: 'u32', V: 'u32', dirs: 'u32', w: 'vec2<u32>', b: 'vec2<u32>',
});

export const MatmulNtDims = struct('matmul_nt.wgsl', 'Dims', {
  N: 'u32', M: 'u32', K: 'u32', dirs: 'u32', xOff: 'u32', outOff: 'u32', outDirStride: 'u32', w: 'vec2<u32>', b: 'vec2<u32>',
});

export const MatmulNnDims = struct('matmul_nn.wgsl', 'Dims', {
  N: 'u32', M: 'u32', K: 'u32', dirs: 'u32', lda: 'u32', aBase: 'u32', aDirStride: 'u32', w: 'vec2<u32>',
});

export const WeightGradDims = struct('weight_grad.wgsl', 'Dims', {
  M: 'u32', K: 'u32', N: 'u32', dirs: 'u32', lda: 'u32', aBase: 'u32', aDirStride: 'u32', rowStart: 'u32',
  mode: 'u32', hasBias: 'u32', T: 'u32', B: 'u32', aux: 'u32', h0: 'u32', w: 'vec2<u32>', b: 'vec2<u32>',
});

export const PeepholeGradDims = struct('peephole_grad.wgsl', 'Dims', {
  T: 'u32', B: 'u32', H: 'u32', dirs: 'u32', peep: 'vec2<u32>', c: 'u32', c0: 'u32',
});

export const SoftmaxDims = struct('softmax_xent.wgsl', 'Dims', { N: 'u32', V: 'u32', invCount: 'f32' });

export const ClassifierDims = struct('classifier_final.wgsl', 'Dims', { T: 'u32', B: 'u32', H: 'u32', dirs: 'u32' });

export const StatsDims = struct('stats.wgsl', 'Dims', {
  P: 'u32', numPartials: 'u32', N: 'u32', clipMode: 'u32', invCount: 'f32', clipValue: 'f32',
});

export const Hyper = struct('optimizer.wgsl', 'Hyper', {
  P: 'u32', kind: 'u32', clipMode: 'u32',
  lr: 'f32', clipValue: 'f32', beta1: 'f32', beta2: 'f32', eps: 'f32', stepSize: 'f32', sqrtBc2: 'f32', alpha: 'f32',
});

/** The recurrent weight blocks of transpose and optimizer (shaders/blocks.wgsl, layout.ts RecurrentCopies). */
export const Blocks = struct('blocks.wgsl', 'Blocks', {
  count: 'u32', rows: 'u32', cols: 'u32', Hp: 'u32', b: 'array<vec4<u32>, 8>',
});

export const SaxpyParams = struct('saxpy.wgsl', 'Params', { a: 'f32', n4: 'u32' });

/** Every builder, for the test that holds them to their WGSL structs. */
export const UNIFORM_STRUCTS: readonly UniformStruct<Fields>[] = [
  CellDims, Step, EmbedDims, MatmulNtDims, MatmulNnDims, WeightGradDims, PeepholeGradDims, SoftmaxDims, ClassifierDims, StatsDims, Hyper, Blocks, SaxpyParams,
];

/** Usage of every storage buffer of the engine: bound as storage, cleared, copied and read back. */
export function storageUsage(): GPUBufferUsageFlags {
  return GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
}
