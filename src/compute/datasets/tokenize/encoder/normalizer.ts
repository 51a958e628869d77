/**
 * The tokenizer.json normalizers the fast path runs itself, each written to do what
 * transformers.js' class of the same name does (docs/datasets.md, "Fast tokenization").
 * Anything else (BertNormalizer, Precompiled, Replace with a regex, …) leaves the tokenizer
 * on transformers.js.
 */

export type Normalize = (text: string) => string;

interface NormalizerJson {
  type?: unknown;
  normalizers?: unknown;
  strip_left?: unknown;
  strip_right?: unknown;
  prepend?: unknown;
  pattern?: unknown;
  content?: unknown;
}

const remove_accents = (text: string) => text.replace(/\p{M}/gu, '');

/** A normalizer function for `config` (null: none), or why the fast path does not cover it. */
export function buildNormalizer(config: unknown): { normalize: Normalize | null } | { unsupported: string } {
  if (config === null || config === undefined) return { normalize: null };
  const c = config as NormalizerJson;
  switch (c.type) {
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD': {
      const form = c.type;
      return { normalize: (t) => t.normalize(form) };
    }
    case 'Lowercase':
      return { normalize: (t) => t.toLowerCase() };
    case 'StripAccents':
      return { normalize: remove_accents };
    case 'Strip': {
      const left = Boolean(c.strip_left);
      const right = Boolean(c.strip_right);
      return { normalize: (t) => (left && right ? t.trim() : left ? t.trimStart() : right ? t.trimEnd() : t) };
    }
    case 'Prepend': {
      const prefix = typeof c.prepend === 'string' ? c.prepend : String(c.prepend);
      return { normalize: (t) => prefix + t };
    }
    case 'Replace': {
      const pattern = c.pattern as { String?: unknown } | undefined;
      if (typeof pattern?.String !== 'string') return { unsupported: 'normalizer Replace with a regex pattern' };
      const from = pattern.String;
      const to = typeof c.content === 'string' ? c.content : '';
      return { normalize: (t) => t.replaceAll(from, to) };
    }
    case 'Sequence': {
      const parts: Normalize[] = [];
      for (const inner of Array.isArray(c.normalizers) ? (c.normalizers as unknown[]) : []) {
        const built = buildNormalizer(inner);
        if ('unsupported' in built) return built;
        if (built.normalize) parts.push(built.normalize);
      }
      return { normalize: (t) => parts.reduce((s, f) => f(s), t) };
    }
    default:
      return { unsupported: `normalizer ${String(c.type)}` };
  }
}
