import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore } from '../../../../test/core-helpers';
import { killHard, testScope, spawnScript, waitForOutput } from '../../../../test/process-helpers';
import { partialDirFor } from '../../../compute/datasets/tokenize/publish';
import { removePartialOutputs } from './partial-outputs';

const scope = testScope();
const dir = scope.dir;
afterEach(() => scope.cleanup());

/** Every path under `root` whose name marks it unfinished (the docs/security.md patterns). */
function leftovers(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).filter((p) =>
    /\.partial-|\.tmp$|\.tmp\.old$|\.old-[0-9a-f]{8}$/.test(path.basename(p)),
  );
}

function put(file: string, text = 'x'): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe('finding 6: partial outputs after kill -9', () => {
  it('a tokenization killed with SIGKILL mid-write leaves nothing behind after restart — nor do the other job kinds', async () => {
    const data = dir();
    const child = spawnScript('test/tokenize-crash-child.ts', [data]);
    const partial = (await waitForOutput(child, /PARTIAL (.+)\n/))[1]!;
    await killHard(child);
    expect(existsSync(partial)).toBe(true);

    // What the other job kinds leave when killed mid-write, named as their writers name them.
    const ds = readdirSync(path.join(data, 'datasets'))[0]!;
    put(path.join(data, 'datasets', ds, 'raw', '.kjv.jsonl.0123456789ab.tmp')); // raw copy (import)
    put(path.join(partialDirFor(path.join(data, 'activations', 'act_1')), 'shard-0.bin')); // extraction
    put(path.join(partialDirFor(path.join(data, 'models', 'model_1')), 'onnx', 'model.onnx')); // model import
    put(path.join(data, 'saes', 'tr_1', 'checkpoints', '.step-100.0123456789ab.tmp', 'cfg.json')); // checkpoint being written
    put(path.join(data, 'saes', 'tr_1', 'checkpoints', '.step-200.aaaaaaaaaaaa.tmp.old', 'cfg.json'), 'step 200'); // swap cut between renames
    put(path.join(data, 'saes', 'tr_1', 'checkpoints', '.step-200.aaaaaaaaaaaa.tmp', 'cfg.json'), 'half of the new step 200');
    put(path.join(partialDirFor(path.join(data, 'saes', 'sae_1', 'feature-pass')), 'features.bin')); // a feature pass
    put(path.join(data, 'hf-cache', 'datasets', '.refs.json.0123456789ab.tmp')); // hub cache write
    expect(leftovers(data).length).toBeGreaterThanOrEqual(9);

    const core = scope.keep(await createTestCore(data));
    expect(leftovers(data)).toEqual([]);
    // The checkpoint whose swap was cut is back under its name, with the old (complete) content.
    expect(readFileSync(path.join(data, 'saes', 'tr_1', 'checkpoints', 'step-200', 'cfg.json'), 'utf8')).toBe('step 200');
    // The killed tokenization's dataset is usable again (not stuck "tokenizing") and can be deleted.
    const record = core.datasets.store.get(ds)!;
    expect(record.status).toBe('ready');
  }, 120_000);

  it('the sweep leaves finished outputs and look-alike names alone', async () => {
    const root = dir();
    put(path.join(root, 'datasets', 'ds_1', 'tokens', 'model_1', 'shard-000.bin'));
    put(path.join(root, 'saes', 'tr_1', 'checkpoints', 'step-100', 'cfg.json'));
    put(path.join(root, 'datasets', 'ds_1', 'raw', 'notes.tmp')); // a user's file, not our temp pattern
    put(path.join(root, 'models', 'partial-model', 'config.json'));
    const before = (readdirSync(root, { recursive: true }) as string[]).sort();
    const report = await removePartialOutputs([path.join(root, 'datasets'), path.join(root, 'saes'), path.join(root, 'models')]);
    expect(report.removed).toEqual([]);
    expect((readdirSync(root, { recursive: true }) as string[]).sort()).toEqual(before);
  });
});
