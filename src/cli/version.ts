// `rnn-playground --version`: the version in the package's own package.json (read next to the
// installed sources, so a packed and installed CLI reports what it is).
import { readFileSync } from 'node:fs';

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
