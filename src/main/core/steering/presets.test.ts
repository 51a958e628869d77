import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '..';
import type { SteeringPresetRecord } from '../../../shared/types/steering';
import { call, createTestCore, removeDir, tempDir } from '../../../../test/core-helpers';

let core: Core;
let dir: string;
beforeAll(async () => {
  dir = tempDir();
  core = await createTestCore(dir);
});
afterAll(async () => {
  await core.close();
  removeDir(dir);
});

const config = {
  saeId: 'sae_demo',
  hook: 'blocks.2.hook_resid_post',
  prompt: 'And God said',
  positions: 'generated',
  options: { maxNewTokens: 12, temperature: 0.7, topP: 0.9, topK: 40, seed: 1234 },
  features: [
    { feature: 448, coefficient: 3.5, mode: 'clamp' },
    { feature: 3, coefficient: -7, mode: 'additive' },
  ],
  samples: 3,
} as const;

/** A preset as saved before modes were per feature: one run-level mode, features without one. */
const { features: _perFeature, ...rest } = config;
const legacy = {
  ...rest,
  mode: 'clamp',
  features: [
    { feature: 448, coefficient: 3.5 },
    { feature: 3, coefficient: -7 },
  ],
} as const;

describe('steering presets', () => {
  it('round-trips: save → list/get → rename/favourite → export → import gives the same configuration; delete removes', async () => {
    const saved = await call<SteeringPresetRecord>(core, 'steering.presets.save', { name: 'God clamp', config });
    expect(saved.config).toEqual(config);
    expect(saved.saeId).toBe('sae_demo');
    const other = await call<SteeringPresetRecord>(core, 'steering.presets.save', {
      name: 'other SAE',
      config: { ...config, saeId: 'sae_other' },
    });
    expect((await call<SteeringPresetRecord[]>(core, 'steering.presets.list', { saeId: 'sae_demo' })).map((p) => p.id)).toEqual([saved.id]);
    await call(core, 'steering.presets.rename', { id: saved.id, name: 'God, clamped' });
    const starred = await call<SteeringPresetRecord>(core, 'steering.presets.favorite', { id: saved.id, isFavorite: true });
    expect(starred).toMatchObject({ name: 'God, clamped', isFavorite: true, config });
    // Favourites first.
    expect((await call<SteeringPresetRecord[]>(core, 'steering.presets.list', {}))[0]!.id).toBe(saved.id);

    const { json, count } = await call<{ json: string; count: number }>(core, 'steering.presets.export', { ids: [saved.id] });
    expect(count).toBe(1);
    await call(core, 'steering.presets.delete', { id: saved.id });
    await expect(call(core, 'steering.presets.get', { id: saved.id })).rejects.toThrow(/No steering preset/);
    const [imported] = await call<SteeringPresetRecord[]>(core, 'steering.presets.import', { json });
    expect(imported).toMatchObject({ name: 'God, clamped', isFavorite: true, saeId: 'sae_demo', config });
    expect(imported!.id).not.toBe(saved.id);
    await call(core, 'steering.presets.delete', { id: other.id });
  });

  it('a preset with one run-level mode (saved or exported before modes were per feature) loads with that mode on every feature', async () => {
    const perFeatureClamp = { ...rest, features: legacy.features.map((f) => ({ ...f, mode: 'clamp' })) };
    const saved = await call<SteeringPresetRecord>(core, 'steering.presets.save', { name: 'old', config: legacy });
    expect(saved.config).toEqual(perFeatureClamp);
    expect('mode' in saved.config).toBe(false);
    const file = {
      format: 'mistudio.steering-presets',
      version: 1,
      presets: [
        { name: 'old export', config: legacy },
        { name: 'old, additive', config: { ...legacy, mode: 'additive' } },
      ],
    };
    const [a, b] = await call<SteeringPresetRecord[]>(core, 'steering.presets.import', { json: JSON.stringify(file) });
    expect(a!.config).toEqual(perFeatureClamp);
    expect(b!.config.features.map((f) => f.mode)).toEqual(['additive', 'additive']);
    // A feature's own mode wins over the run-level one.
    const mixed = await call<SteeringPresetRecord>(core, 'steering.presets.save', {
      name: 'mixed',
      config: {
        ...legacy,
        features: [
          { feature: 1, coefficient: 1, mode: 'additive' },
          { feature: 2, coefficient: 0 },
        ],
      },
    });
    expect(mixed.config.features).toEqual([
      { feature: 1, coefficient: 1, mode: 'additive' },
      { feature: 2, coefficient: 0, mode: 'clamp' },
    ]);
    for (const p of [saved, a!, b!, mixed]) await call(core, 'steering.presets.delete', { id: p.id });
  });

  it('import validates the whole file: nothing is saved when one preset is invalid', async () => {
    const before = (await call<SteeringPresetRecord[]>(core, 'steering.presets.list', {})).length;
    const bad = {
      format: 'mistudio.steering-presets',
      version: 1,
      presets: [
        { name: 'fine', config },
        { name: 'bad', config: { ...config, options: { ...config.options, topP: 0 } } },
      ],
    };
    await expect(call(core, 'steering.presets.import', { json: JSON.stringify(bad) })).rejects.toThrow(/presets\.1\.config\.options\.topP/);
    await expect(call(core, 'steering.presets.import', { json: '{not json' })).rejects.toThrow(/Not JSON/);
    await expect(call(core, 'steering.presets.save', { name: 'x', config: { ...config, mode: 'multiply' } })).rejects.toThrow();
    await expect(
      call(core, 'steering.presets.save', {
        name: 'x',
        config: { ...config, features: [{ feature: 1, coefficient: 1, mode: 'multiply' }] },
      }),
    ).rejects.toThrow(/features\.0\.mode/);
    expect((await call<SteeringPresetRecord[]>(core, 'steering.presets.list', {})).length).toBe(before);
  });
});
