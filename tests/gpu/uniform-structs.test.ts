// Every uniform builder of src/backend/webgpu/uniforms.ts against the WGSL struct it names: the
// same field names and types in the same order (the builder applies WGSL's alignment), and every
// uniform struct of the shaders has a builder. Reads the WGSL text; needs no adapter.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UNIFORM_STRUCTS } from '../../src/backend/webgpu/uniforms.ts';

const dir = new URL('../../shaders/', import.meta.url);
const source = (file: string) => readFileSync(new URL(file, dir), 'utf8');

/** [field, type] of `struct name { ... }` in WGSL text, comments stripped. */
function structFields(wgsl: string, name: string): [string, string][] | null {
  const text = wgsl.replace(/\/\/.*$/gm, '');
  const m = new RegExp(`struct\\s+${name}\\s*\\{([^}]*)\\}`).exec(text);
  if (!m) return null;
  return m[1]!
    .split(/,(?![^<]*>)/)
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => {
      const [field, type] = f.split(':').map((x) => x.trim().replace(/\s+/g, ' '));
      return [field!, type!];
    });
}

describe('uniform builders match their WGSL structs', () => {
  for (const s of UNIFORM_STRUCTS) {
    for (const shader of s.shaders) {
      it(`${shader} ${s.name}`, () => {
        expect(structFields(source(shader), s.name)).toEqual(Object.entries(s.fields));
      });
    }
  }

  it('every struct bound as a uniform has a builder', () => {
    const built = new Set(UNIFORM_STRUCTS.flatMap((s) => s.shaders.map((f) => `${f} ${s.name}`)));
    const files = readdirSync(dir).filter((f) => f.endsWith('.wgsl'));
    for (const file of files) {
      for (const m of source(file).matchAll(/var<uniform>\s+\w+\s*:\s*(\w+)/g)) {
        // declared in the shader itself, or in an include (cell_dims.wgsl, blocks.wgsl)
        const home = structFields(source(file), m[1]!) ? file : files.find((f) => structFields(source(f), m[1]!));
        expect(home, `${file}: ${m[1]}`).toBeDefined();
        expect(built.has(`${home} ${m[1]}`), `${file}: uniform struct ${m[1]} (declared in ${home}) has no builder`).toBe(true);
      }
    }
  });

  it('pack follows WGSL alignment: vec2 at 8 bytes, buffers a multiple of 16', () => {
    for (const s of UNIFORM_STRUCTS) {
      expect(s.bytes % 16).toBe(0);
      for (const [field, type] of Object.entries(s.fields)) {
        const at = s.offsets[field]!;
        expect(at % (type === 'vec2<u32>' ? 8 : type.startsWith('array') ? 16 : 4), `${s.name}.${field}`).toBe(0);
      }
    }
  });
});
