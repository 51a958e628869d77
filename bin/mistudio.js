#!/usr/bin/env node
// The `mistudio` command: runs the bundled CLI (build it with `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('mistudio: not built yet. Run `npm run build` first.\n');
  process.exit(1);
}
await import(cli);
