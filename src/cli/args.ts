// Argument parsing for the CLI: node:util parseArgs in strict mode, with every problem turned into a
// UsageError (exit code 2) that names the option, and numbers parsed strictly ("12abc", "0x10",
// "1e1", " 12" and an empty value are refused).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDecimal } from '../model/config.ts';

/** A mistake in how the command was called: one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure that is not a usage mistake (unreadable file, bad model file): one line, exit code 1. */
export class CliFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliFailure';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(argv: string[], options: O, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: positionals > 0, strict: true });
  } catch (err) {
    // Node's first line is clear ("Unknown option '--foo'"); its multi-line hints are not needed
    const first = (err as Error).message.split('\n')[0]!.replace(/\.$/, '');
    throw new UsageError(first.includes('ambiguous') ? `${first}: write a value that starts with '-' as --option=VALUE` : first);
  }
  if (parsed.positionals.length > positionals) throw new UsageError(`unexpected argument '${parsed.positionals[positionals]}'`);
  return parsed;
}

/** A number option: undefined when absent; a UsageError unless the whole string is a plain
 *  decimal number (parseDecimal: no hex, exponents, padding or empty value). */
export function num(values: Record<string, unknown>, name: string): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const x = parseDecimal(String(v));
  if (!Number.isFinite(x)) throw new UsageError(`--${name} must be a number (got '${String(v)}'): write plain decimal digits, like 12 or 0.5`);
  return x;
}

/** A choice option: undefined when absent; a UsageError unless it is one of `allowed`. */
export function choice<T extends string>(values: Record<string, unknown>, name: string, allowed: readonly T[]): T | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got '${String(v)}')`);
  return v as T;
}

/** Drops undefined entries so a spread keeps the defaults underneath. */
export function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
