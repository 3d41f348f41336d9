#!/usr/bin/env node
// Entry point of `npx rnn-playground`: runs src/cli/main.ts through tsx (TypeScript and the
// `?raw` WGSL imports, as Vite gives them) and exits with its code.
import '../scripts/raw-loader.mjs';
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exit(await main(process.argv.slice(2)));
