import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '..';
import { call, createTestCore, removeDir, tempDir } from '../../../../test/core-helpers';
import type { TemplateRecord } from '../../../shared/types/activations';

/** Training and extraction templates through the real dispatcher and SQLite (docs/activations.md, "Templates"). */

let dir: string;
let core: Core;

beforeAll(async () => {
  dir = tempDir();
  core = await createTestCore(dir);
}, 120_000);

afterAll(async () => {
  await core.close();
  removeDir(dir);
});

const save = (args: Record<string, unknown>) => call<TemplateRecord>(core, 'templates.save', args);
const list = (kind: 'training' | 'extraction') => call<TemplateRecord[]>(core, 'templates.list', { kind });
const tick = () => new Promise((r) => setTimeout(r, 5)); // updatedAt is in ms: keep saves apart

describe('templates', () => {
  it('stores what the researcher saved, not the schema defaults filled in', async () => {
    const t = await save({
      kind: 'training',
      name: 'layer 2, sparse',
      config: { hyperparameters: { l1Coefficient: 8, architecture: 'topk' }, metricsEvery: 20 },
    });
    expect(t).toMatchObject({
      kind: 'training',
      name: 'layer 2, sparse',
      description: null,
      isFavorite: false,
      config: { hyperparameters: { l1Coefficient: 8, architecture: 'topk' }, metricsEvery: 20 },
    });
    expect(t.id).toMatch(/^ttpl/);
    expect(Object.keys(t.config)).toEqual(['hyperparameters', 'metricsEvery']);
    expect(Object.keys(t.config.hyperparameters as object).sort()).toEqual(['architecture', 'l1Coefficient']);
  });

  it('refuses a configuration the run itself would refuse, naming the field', async () => {
    await expect(save({ kind: 'training', name: 'too fast', config: { hyperparameters: { learningRate: 1 } } })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/^Invalid training template: hyperparameters\.learningRate: /),
    });
    await expect(save({ kind: 'training', name: 'typo', config: { hyperparameter: {} } })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(save({ kind: 'extraction', name: 'no layers', config: { layers: [] } })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/layers: select at least one layer/),
    });
    await expect(save({ kind: 'extraction', name: 'huge batch', config: { batchSize: 100_000 } })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/batchSize/),
    });
    // The contract's own checks come first: a name is required.
    await expect(save({ kind: 'extraction', name: '  ', config: {} })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await list('extraction')).map((t) => t.name)).not.toContain('no layers');
  });

  it('overwriting by id keeps what the save leaves out (description, favourite) and the creation time', async () => {
    const first = await save({
      kind: 'extraction',
      name: 'resid L2',
      description: 'the demo SAE hook',
      isFavorite: true,
      config: { layers: [2], hookTypes: ['hook_resid_post'] },
    });
    await tick();
    const second = await save({
      kind: 'extraction',
      id: first.id,
      name: 'resid L2, 1M tokens',
      config: { layers: [2], hookTypes: ['hook_resid_post'], maxTokens: 1_000_000 },
    });
    expect(second).toMatchObject({
      id: first.id,
      name: 'resid L2, 1M tokens',
      description: 'the demo SAE hook',
      isFavorite: true,
      createdAt: first.createdAt,
      config: { maxTokens: 1_000_000 },
    });
    expect(second.updatedAt).toBeGreaterThan(first.updatedAt);
    await expect(save({ kind: 'extraction', id: 'etpl-gone', name: 'x', config: {} })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists favourites first, then the most recently changed; training and extraction templates apart', async () => {
    const names = ['a', 'b', 'c'];
    const made: TemplateRecord[] = [];
    for (const name of names) {
      made.push(await save({ kind: 'training', name: `order ${name}`, config: {} }));
      await tick();
    }
    const order = async () => (await list('training')).map((t) => t.name).filter((n) => n.startsWith('order'));
    expect(await order()).toEqual(['order c', 'order b', 'order a']);
    await call(core, 'templates.setFavorite', { kind: 'training', id: made[0]!.id, isFavorite: true });
    expect(await order()).toEqual(['order a', 'order c', 'order b']);
    expect((await list('extraction')).some((t) => t.name.startsWith('order'))).toBe(false);
    // An id of one kind is not found under the other.
    await expect(call(core, 'templates.setFavorite', { kind: 'extraction', id: made[1]!.id, isFavorite: true })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('every change emits templates.changed with its kind; delete removes it for good', async () => {
    const kinds: string[] = [];
    const off = core.events.onAny((event, payload) => {
      if (event === 'templates.changed') kinds.push((payload as { kind: string }).kind);
    });
    const t = await save({ kind: 'extraction', name: 'to delete', config: { dtype: 'float16' } });
    await call(core, 'templates.setFavorite', { kind: 'extraction', id: t.id, isFavorite: true });
    expect(await call(core, 'templates.delete', { kind: 'extraction', id: t.id })).toEqual({ deleted: true });
    off();
    expect(kinds).toEqual(['extraction', 'extraction', 'extraction']);
    expect((await list('extraction')).map((x) => x.id)).not.toContain(t.id);
    await expect(call(core, 'templates.delete', { kind: 'extraction', id: t.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('templates survive a restart on the same data dir', async () => {
    const before = await list('training');
    await core.close();
    core = await createTestCore(dir);
    expect(await list('training')).toEqual(before);
  }, 120_000);
});
