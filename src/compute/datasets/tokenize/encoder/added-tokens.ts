/**
 * Added tokens (special or not) found inside text, as transformers.js finds them
 * (docs/datasets.md, "Fast tokenization"): scanning left to right, the longest added token
 * starting at each position wins; a token with `lstrip` / `rstrip` eats the whitespace on that
 * side. Tokens marked `normalized` are looked for after normalization (by their normalized
 * content), the others before. transformers.js ignores `single_word`, and so do we.
 */

export interface AddedTokenJson {
  id: number;
  content: string;
  special?: boolean;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
  single_word?: boolean;
}

export interface AddedToken {
  id: number;
  content: string;
  lstrip: boolean;
  rstrip: boolean;
  /** Matched in normalized text; transformers.js' default is `!special`. */
  normalized: boolean;
}

export function parseAddedToken(t: AddedTokenJson): AddedToken {
  const special = t.special ?? false;
  return { id: t.id, content: t.content, lstrip: t.lstrip ?? false, rstrip: t.rstrip ?? false, normalized: t.normalized ?? !special };
}

/**
 * Splits text into added-token sections and the text between them, as transformers.js'
 * DictionarySplitter does (at each position, the longest added token starting there). A regex
 * alternation of the literal contents, longest first, finds the same matches; without the `u`
 * flag it compares UTF-16 units, as the splitter's trie does.
 */
export class AddedTokenSplitter {
  private readonly pattern: RegExp | null;

  constructor(contents: readonly string[]) {
    const words = [...new Set(contents.filter((c) => c.length > 0))].sort((a, b) => b.length - a.length);
    this.pattern = words.length ? new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : null;
  }

  split(text: string): string[] {
    if (!this.pattern) return [text];
    const out: string[] = [];
    let start = 0;
    for (const m of text.matchAll(this.pattern)) {
      if (m.index > start) out.push(text.slice(start, m.index));
      out.push(m[0]);
      start = m.index + m[0].length;
    }
    if (start < text.length) out.push(text.slice(start));
    return out;
  }
}

/**
 * Applies `lstrip` / `rstrip` of the added tokens among `sections` to their neighbours, in place
 * and in order (a later token's strip sees an earlier token's), as transformers.js does.
 */
export function stripAroundAddedTokens(sections: string[], added: ReadonlyMap<string, AddedToken>): void {
  for (let i = 0; i < sections.length; i++) {
    const t = added.get(sections[i] as string);
    if (!t) continue;
    if (t.lstrip && i > 0) sections[i - 1] = (sections[i - 1] as string).trimEnd();
    if (t.rstrip && i < sections.length - 1) sections[i + 1] = (sections[i + 1] as string).trimStart();
  }
}
