import { describe, expect, it } from 'vitest';
import { modelDtypes, selectModelFiles } from './select';
import type { RepoListing } from './types';

const listing = (files: [string, number?][]): RepoListing => ({
  kind: 'model',
  repo: 'onnx-community/some-lm',
  sha: 'a'.repeat(40),
  files: files.map(([p, size]) => (size === undefined ? { path: p } : { path: p, size })),
});

const base: [string, number][] = [
  ['config.json', 10],
  ['tokenizer.json', 20],
  ['tokenizer_config.json', 30],
  ['special_tokens_map.json', 5],
  ['README.md', 1],
];

describe('selectModelFiles', () => {
  const repo = listing([
    ...base,
    ['onnx/model.onnx', 100],
    ['onnx/model.onnx_data', 1000],
    ['onnx/model.onnx_data_1', 500],
    ['onnx/model_fp16.onnx', 50],
    ['onnx/model_fp16.onnx_data', 600],
    ['onnx/model_quantized.onnx', 300],
    ['onnx/model_q4.onnx', 200],
    ['onnx/model_q4f16.onnx', 150],
  ]);

  it('picks config, tokenizer files and one dtype with its external data', () => {
    expect(selectModelFiles(repo, 'fp32')).toEqual([
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'special_tokens_map.json',
      'onnx/model.onnx',
      'onnx/model.onnx_data',
      'onnx/model.onnx_data_1',
    ]);
    expect(selectModelFiles(repo, 'fp16').slice(-2)).toEqual(['onnx/model_fp16.onnx', 'onnx/model_fp16.onnx_data']);
    expect(selectModelFiles(repo, 'q8').at(-1)).toBe('onnx/model_quantized.onnx');
    expect(selectModelFiles(repo, 'q4').at(-1)).toBe('onnx/model_q4.onnx');
  });

  it('reports the dtypes on offer with their bytes (graph + external data)', () => {
    expect(modelDtypes(repo).map((o) => [o.dtype, o.bytes])).toEqual([
      ['fp32', 1600],
      ['fp16', 650],
      ['q8', 300],
      ['q4', 200],
      ['q4f16', 150],
    ]);
    expect(modelDtypes(listing([['onnx/model.onnx']]))[0]?.bytes).toBeUndefined();
  });

  it('says which dtypes exist when the one asked for does not', () => {
    expect(() => selectModelFiles(repo, 'bnb4')).toThrow(
      expect.objectContaining({
        code: 'DTYPE_UNAVAILABLE',
        message: expect.stringContaining('it offers fp32, fp16, q8, q4, q4f16'),
      }),
    );
  });

  it('refuses a repo without ONNX weights, pointing at onnx-community/ and Xenova/', () => {
    const pytorchOnly = listing([...base, ['model.safetensors', 999]]);
    expect(() => selectModelFiles(pytorchOnly, 'fp32')).toThrow(
      expect.objectContaining({
        code: 'NOT_ONNX_REPO',
        message: expect.stringContaining(
          'not a transformers.js/ONNX model repo: no onnx/*.onnx; try a repo under onnx-community/ or Xenova/',
        ),
      }),
    );
    const oldLayout = listing([...base, ['onnx/decoder_model_merged.onnx', 9]]);
    expect(() => selectModelFiles(oldLayout, 'fp32')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('decoder_model_merged.onnx') }),
    );
    expect(selectModelFiles(oldLayout, 'fp32', 'decoder_model_merged')).toContain('onnx/decoder_model_merged.onnx');
  });

  it('refuses a repo without a tokenizer', () => {
    const noTokenizer = listing([
      ['config.json', 1],
      ['onnx/model.onnx', 2],
    ]);
    expect(() => selectModelFiles(noTokenizer, 'fp32')).toThrow(
      expect.objectContaining({
        code: 'NOT_ONNX_REPO',
        message: expect.stringContaining('tokenizer.json, tokenizer_config.json not found'),
      }),
    );
  });
});
