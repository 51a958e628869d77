/**
 * Where an imported SAE sits in the researcher's model (docs/interop.md "Import"). Our hooks
 * are TransformerLens names (blocks.N.hook_resid_pre | hook_attn_out | hook_resid_mid |
 * hook_mlp_out | hook_resid_post). A folder names its hook in one of:
 *   - TransformerLens names (SAELens hook_name, metadata.hook_name, the older hook_point);
 *   - Hugging Face module paths (sparsify hookpoints: layers.N, model.layers.N.mlp, h.N.attn, …),
 *     whose output is the block's residual stream / MLP output / attention output.
 * blocks.N.hook_resid_pre and blocks.(N−1).hook_resid_post are the same tensor, so either is
 * accepted for the other.
 */
export interface HookMatch {
  hook: string;
  /** How the folder's name became ours, for the preview ("same tensor as …", "sparsify module path"). */
  how: string;
}

const TL = /^blocks\.(\d+)\.(hook_resid_pre|hook_attn_out|hook_resid_mid|hook_mlp_out|hook_resid_post)$/;
const HF =
  /^(?:(?:model|transformer|gpt_neox|base_model|language_model|decoder)\.)*(?:layers|h|blocks)\.(\d+)(?:\.(mlp|self_attn|attn|attention))?$/;
const HF_KIND: Record<string, string> = {
  mlp: 'hook_mlp_out',
  self_attn: 'hook_attn_out',
  attn: 'hook_attn_out',
  attention: 'hook_attn_out',
};

/** Our names the folder's hook may mean, best first. */
export function hookCandidates(name: string): HookMatch[] {
  const out: HookMatch[] = [{ hook: name, how: 'same name' }];
  const tl = TL.exec(name);
  if (tl) {
    const layer = Number(tl[1]);
    if (tl[2] === 'hook_resid_pre' && layer > 0) out.push({ hook: `blocks.${layer - 1}.hook_resid_post`, how: `same tensor as ${name}` });
    if (tl[2] === 'hook_resid_post') out.push({ hook: `blocks.${layer + 1}.hook_resid_pre`, how: `same tensor as ${name}` });
    return out;
  }
  const hf = HF.exec(name);
  if (hf) {
    const hook = `blocks.${Number(hf[1])}.${hf[2] ? HF_KIND[hf[2]] : 'hook_resid_post'}`;
    out.push({ hook, how: `module ${name} outputs ${hook}` });
  }
  return out;
}

/**
 * Our hook for the folder's, or a sentence naming what did not match. `chosen` (the
 * researcher's pick in the import dialog) wins when given; it must be one of the model's hooks.
 */
export function matchHook(
  folderHook: { name: string; field: string } | null,
  modelHooks: readonly string[],
  modelName: string,
  chosen?: string,
): HookMatch | { refusal: string } {
  const has = new Set(modelHooks);
  const range = modelHooks.length ? `${modelName} has ${summarise(modelHooks)}` : `${modelName} lists no hooks`;
  if (chosen)
    return has.has(chosen)
      ? { hook: chosen, how: 'chosen in the import' }
      : { refusal: `${chosen} is not a hook of ${modelName}; ${range}.` };
  if (!folderHook)
    return {
      refusal: `The folder does not say which hook the SAE reads (no hook_name, metadata.hook_name or hook_point in cfg.json); pick the hook. ${range}.`,
    };
  const tried = hookCandidates(folderHook.name);
  const hit = tried.find((c) => has.has(c.hook));
  if (hit) return hit;
  const names = [...new Set(tried.map((c) => c.hook))].join(', ');
  return {
    refusal: `The SAE's hook "${folderHook.name}" (cfg ${folderHook.field}) is not a hook of ${modelName} (looked for ${names}); ${range}. Pick the hook if you know where it was trained.`,
  };
}

/** "blocks.0–3 × hook_resid_pre, hook_attn_out, …" rather than 20 names. */
function summarise(hooks: readonly string[]): string {
  const layers = new Set<number>();
  const kinds = new Set<string>();
  const other: string[] = [];
  for (const h of hooks) {
    const m = TL.exec(h);
    if (m) {
      layers.add(Number(m[1]));
      kinds.add(m[2]!);
    } else other.push(h);
  }
  const sorted = [...layers].sort((a, b) => a - b);
  const tl = sorted.length ? `blocks.${sorted[0]}–${sorted.at(-1)} × ${[...kinds].join(', ')}` : '';
  return [tl, ...other].filter(Boolean).join('; ');
}
