import { describe, expect, it } from 'vitest';
import { pathFromDrop } from './drop-path';

describe('the folder path a drop carries', () => {
  it('decodes a file manager file:// URI (the first of the list, comments skipped)', () => {
    expect(pathFromDrop('# from nautilus\r\nfile:///home/me/My%20SAEs/blocks.8\r\nfile:///other', '')).toBe('/home/me/My SAEs/blocks.8');
    expect(pathFromDrop('file:///C:/Users/me/sae', '')).toBe('C:/Users/me/sae');
  });

  it('takes a pasted absolute path, and nothing else', () => {
    expect(pathFromDrop('', '  /data/sae  ')).toBe('/data/sae');
    expect(pathFromDrop('', 'C:\\saes\\gated')).toBe('C:\\saes\\gated');
    expect(pathFromDrop('https://huggingface.co/x', 'some words')).toBeNull();
  });
});
