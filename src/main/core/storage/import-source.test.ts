import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, waitForJob } from '../../../../test/core-helpers';
import { testScope } from '../../../../test/process-helpers';
import { appRoot } from '../paths';
import type { Core } from '..';

const GPT2_TINY = path.join(appRoot(), 'fixtures', 'models', 'gpt2-tiny');
const scope = testScope();
let core: Core;
let data: string;
beforeEach(async () => {
  data = scope.dir();
  core = scope.keep(await createTestCore(data));
  await core.dispatch('settings.setHfToken', { token: 'hf_secretsecretsecret' });
});
afterEach(() => scope.cleanup());

async function refusal(method: 'datasets.importFile' | 'models.import', p: string): Promise<string> {
  const env = await core.dispatch(method, { path: p });
  if (env.ok) throw new Error(`${method} accepted ${p}`);
  expect(env.error.code).toBe('VALIDATION');
  return env.error.message;
}

describe('finding 3: imports cannot read the app’s own files back through the API', () => {
  it('the HF token, the DB and settings.json are refused by path, and nothing is copied', async () => {
    for (const f of ['secrets/hf-token', 'mistudio.db', 'settings.json', 'logs/main.log']) {
      const message = await refusal('datasets.importFile', path.join(data, f));
      expect(message).toBe(
        `${path.join(data, f)} is inside miStudio's data dir (${data}), which holds the app's database, settings and secrets; import from a folder outside it.`,
      );
    }
    expect((await core.dispatch('datasets.list', {})) as { result: unknown[] }).toMatchObject({ ok: true, result: [] });
    expect(existsSync(path.join(data, 'datasets')) ? readdirSync(path.join(data, 'datasets')) : []).toEqual([]);
  });

  it('a symlink outside the data dir pointing in (at the token) is refused too', async () => {
    const outside = scope.dir();
    const link = path.join(outside, 'innocent.txt');
    symlinkSync(path.join(data, 'secrets', 'hf-token'), link);
    expect(await refusal('datasets.importFile', link)).toMatch(/innocent\.txt is inside miStudio's data dir/);
  });

  it('a model folder inside the data dir, or one with a file linked into it, is refused', async () => {
    const inside = path.join(data, 'models', 'copied');
    cpSync(GPT2_TINY, inside, { recursive: true });
    expect(await refusal('models.import', inside)).toMatch(/is inside miStudio's data dir/);
    const outside = path.join(scope.dir(), 'gpt2');
    cpSync(GPT2_TINY, outside, { recursive: true });
    rmSync(path.join(outside, 'tokenizer.json'));
    symlinkSync(path.join(data, 'secrets', 'hf-token'), path.join(outside, 'tokenizer.json'));
    expect(await refusal('models.import', outside)).toBe(
      `${path.join(outside, 'tokenizer.json')} is inside miStudio's data dir (${data}), which holds the app's database, settings and secrets; import from a folder outside it.`,
    );
  });
});

describe('finding 7: special files as import paths get sentences naming them', () => {
  it('a directory, /dev/zero and a FIFO as the dataset path', async () => {
    const folder = scope.dir();
    expect(await refusal('datasets.importFile', folder)).toBe(
      `${folder} is a folder, not a file: pick a .txt, .jsonl, .csv, .tsv or .parquet file inside it.`,
    );
    expect(await refusal('datasets.importFile', '/dev/zero')).toBe(
      '/dev/zero is a device, not a regular file; miStudio imports datasets from regular files only.',
    );
    const fifo = path.join(folder, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal('datasets.importFile', fifo)).toBe(
      `${fifo} is a named pipe (FIFO), not a regular file; miStudio imports datasets from regular files only.`,
    );
    expect(await refusal('datasets.importFile', path.join(folder, 'missing.txt'))).toBe(
      `File not found: ${path.join(folder, 'missing.txt')}`,
    );
  });

  it('a file as the model folder, and a model folder whose config.json is a FIFO', async () => {
    const file = path.join(scope.dir(), 'model.onnx');
    writeFileSync(file, 'x');
    expect(await refusal('models.import', file)).toMatch(/model\.onnx is a file, not a folder: pick the model's folder/);
    const folder = path.join(scope.dir(), 'gpt2');
    mkdirSync(folder);
    cpSync(GPT2_TINY, folder, { recursive: true });
    rmSync(path.join(folder, 'config.json'));
    execFileSync('mkfifo', [path.join(folder, 'config.json')]);
    expect(await refusal('models.import', folder)).toBe(
      `${path.join(folder, 'config.json')} is a named pipe (FIFO), not a regular file; a model folder holds regular files only.`,
    );
  });
});

describe('finding 8 through the import job: a lying config.json imports corrected, with the notes stored', () => {
  it('n_positions 100000 and vocab_size 50000 on gpt2-tiny → ready with 64 positions, 256 vocab and two notes', async () => {
    const folder = path.join(scope.dir(), 'gpt2-lying');
    cpSync(GPT2_TINY, folder, { recursive: true });
    const config = JSON.parse(readFileSync(path.join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(folder, 'config.json'), JSON.stringify({ ...config, n_positions: 100000, n_ctx: 100000, vocab_size: 50000 }));
    const env = await core.dispatch('models.import', { path: folder });
    if (!env.ok) throw new Error(env.error.message);
    const job = await waitForJob(core, (env.result as { id: string }).id, ['completed', 'failed'], 60_000);
    expect(job.status).toBe('completed');
    await new Promise((r) => setTimeout(r, 30));
    const model = core.models.store.list().find((m) => m.name === 'gpt2-lying')!;
    expect(model).toMatchObject({ status: 'ready', architecture: { maxPositions: 64, vocabSize: 256 } });
    expect(model.hookNotes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/n_positions 100000 .* 64 rows/),
        expect.stringMatching(/vocab_size 50000 .* 256 entries/),
      ]),
    );
  });
});
