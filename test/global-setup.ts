import { buildNode } from '../scripts/build-node.mjs';

/** Piscina loads compiled worker files: build them (esbuild, ~1 s) before any test. */
export default async function setup(): Promise<void> {
  await buildNode({ quiet: true, testWorker: true });
}
