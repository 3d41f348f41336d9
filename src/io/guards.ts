// Type guards for values read back from storage (everything is `unknown` until a guard says
// otherwise): the primitives, their combinators, one guard per field of a record (Fields), and how
// a value that does not fit is named in a message (misfit, describe). src/io/stored-schema.ts holds
// the schema built from them.

export type Guard<T> = (v: unknown) => v is T;

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isString: Guard<string> = (v): v is string => typeof v === 'string';
export const isBoolean: Guard<boolean> = (v): v is boolean => typeof v === 'boolean';
export const isNumber: Guard<number> = (v): v is number => typeof v === 'number';
export const isFinite: Guard<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);
export const oneOf = <T>(all: readonly T[]): Guard<T> => (v): v is T => all.includes(v as T);
export const inRange = (min: number, max: number, integer: boolean): Guard<number> => (v): v is number =>
  isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v));
export const arrayOf = <T>(item: Guard<T>): Guard<T[]> => (v): v is T[] => Array.isArray(v) && v.every(item);

/** One guard per field: every field of T, so a new field does not compile until it is checked. */
export type Fields<T> = { [K in keyof T]-?: Guard<T[K]> };

/** Whether `v` has every field of `fields`, each fitting (other properties are ignored). */
export function whole<T>(fields: Fields<T>): Guard<T> {
  return (v): v is T => isObject(v) && Object.entries(fields).every(([k, ok]) => (ok as Guard<unknown>)(v[k]));
}

export const optional = <T>(ok: Guard<T>): Guard<T | undefined> => (v): v is T | undefined => v === undefined || ok(v);

/** The first field of `v` that does not fit, as "field: value", or null when every one fits. */
export function misfit<T>(v: unknown, fields: Fields<T>): string | null {
  if (!isObject(v)) return describe(v);
  const bad = Object.entries(fields).find(([k, ok]) => !(ok as Guard<unknown>)(v[k]));
  return bad ? `${bad[0]}: ${describe(v[bad[0]])}` : null;
}

/** A value as a message shows it: short, and never the whole of a long text or array. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `[${v.length} items]`;
  if (v instanceof ArrayBuffer) return `${v.byteLength} bytes`;
  if (isObject(v)) return '{…}';
  return String(v);
}
