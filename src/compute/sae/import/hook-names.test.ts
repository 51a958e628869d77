import { describe, expect, it } from 'vitest';
import { matchHook } from './hook-names';

const HOOKS = [0, 1, 2, 3].flatMap((l) =>
  ['hook_resid_pre', 'hook_attn_out', 'hook_resid_mid', 'hook_mlp_out', 'hook_resid_post'].map((k) => `blocks.${l}.${k}`),
);
const hookOf = (name: string, field = 'hook_name', chosen?: string) => matchHook({ name, field }, HOOKS, 'KJV GPT-2', chosen);

describe("mapping a folder's hook onto the model's", () => {
  it('takes TransformerLens names as they are', () => {
    expect(hookOf('blocks.2.hook_mlp_out')).toEqual({ hook: 'blocks.2.hook_mlp_out', how: 'same name' });
  });

  it('reads resid_pre of block N as resid_post of block N−1 when only that exists, and back', () => {
    expect(matchHook({ name: 'blocks.2.hook_resid_pre', field: 'hook_point' }, ['blocks.1.hook_resid_post'], 'm')).toEqual({
      hook: 'blocks.1.hook_resid_post',
      how: 'same tensor as blocks.2.hook_resid_pre',
    });
    expect(matchHook({ name: 'blocks.3.hook_resid_post', field: 'hook_name' }, ['blocks.4.hook_resid_pre'], 'm')).toMatchObject({
      hook: 'blocks.4.hook_resid_pre',
    });
  });

  it('maps sparsify / Hugging Face module paths onto block outputs', () => {
    expect(hookOf('layers.1', 'folder name')).toMatchObject({ hook: 'blocks.1.hook_resid_post' });
    expect(hookOf('model.layers.3.mlp', 'folder name')).toMatchObject({ hook: 'blocks.3.hook_mlp_out' });
    expect(hookOf('transformer.h.0.attn', 'folder name')).toMatchObject({ hook: 'blocks.0.hook_attn_out' });
    expect(hookOf('gpt_neox.layers.2.attention', 'folder name')).toMatchObject({ hook: 'blocks.2.hook_attn_out' });
  });

  it('refuses naming the hook, its field, what was looked for and what the model has', () => {
    expect(hookOf('blocks.9.hook_resid_pre', 'hook_point')).toEqual({
      refusal:
        'The SAE\'s hook "blocks.9.hook_resid_pre" (cfg hook_point) is not a hook of KJV GPT-2 (looked for blocks.9.hook_resid_pre, blocks.8.hook_resid_post); KJV GPT-2 has blocks.0–3 × hook_resid_pre, hook_attn_out, hook_resid_mid, hook_mlp_out, hook_resid_post. Pick the hook if you know where it was trained.',
    });
    expect(matchHook(null, HOOKS, 'KJV GPT-2')).toMatchObject({ refusal: expect.stringContaining('does not say which hook') as string });
  });

  it('a chosen hook wins, and must be one of the model', () => {
    expect(hookOf('layers.1', 'folder name', 'blocks.0.hook_mlp_out')).toEqual({
      hook: 'blocks.0.hook_mlp_out',
      how: 'chosen in the import',
    });
    expect(hookOf('layers.1', 'folder name', 'blocks.7.hook_mlp_out')).toMatchObject({
      refusal: expect.stringMatching(/^blocks.7.hook_mlp_out is not a hook of KJV GPT-2/) as string,
    });
  });
});
