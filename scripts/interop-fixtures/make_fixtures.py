#!/usr/bin/env python3
"""Writes SAE folders in the SAELens and sparsify layouts, plus the outputs each should give.

Run with Debian's python (python3-torch):  /usr/bin/python3 scripts/interop-fixtures/make_fixtures.py
Output: fixtures/interop/<name>/ (the SAE folder, exactly as the other tool would save it) and
fixtures/interop/<name>.expected.json (fixed inputs, expected encode/decode, tensor digests).

Written from the formats' specifications, not from either library (neither is installed here):
  safetensors: u64-LE header length N, N bytes of JSON {name: {dtype, shape, data_offsets}},
               raw little-endian tensor bytes. Written by hand below.
  SAELens:     cfg.json + sae_weights.safetensors (+ optional sparsity.safetensors with
               log_feature_sparsity [d_sae]). Tensors W_enc [d_in, d_sae], b_enc [d_sae],
               W_dec [d_sae, d_in], b_dec [d_in]; jumprelu adds threshold [d_sae]; gated has no
               b_enc but b_gate, r_mag, b_mag [d_sae].
  sparsify:    <hookpoint>/cfg.json + sae.safetensors with encoder.weight [d_sae, d_in],
               encoder.bias [d_sae], W_dec [d_sae, d_in], b_dec [d_in]; TopK on ReLU(pre).

Expected outputs are computed in float64 from the tensors as stored (after rounding to the
file's dtype), so a reader that widens to float32 reproduces them to float32 precision.
d_in = 256 (the demo model's width) so the folders import onto the demo model; d_sae = 32.
"""
import hashlib
import json
import os
import struct
import sys

import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'fixtures', 'interop')
D_IN = 256
D_SAE = 32
N_INPUTS = 4

ST_DTYPE = {torch.float32: 'F32', torch.float16: 'F16', torch.bfloat16: 'BF16'}
CFG_DTYPE = {torch.float32: 'float32', torch.float16: 'float16', torch.bfloat16: 'bfloat16'}


def raw_bytes(t):
    """Little-endian bytes of a float tensor in its own dtype (bf16 via its int16 bit pattern)."""
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        arr = t.view(torch.int16).numpy()
    else:
        arr = t.numpy()
    return arr.astype(arr.dtype.newbyteorder('<')).tobytes()


def write_safetensors(path, tensors, metadata=None):
    header = {}
    if metadata:
        header['__metadata__'] = metadata
    offset = 0
    blobs = []
    for name, t in tensors.items():
        b = raw_bytes(t)
        header[name] = {'dtype': ST_DTYPE[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    text = json.dumps(header, separators=(',', ':'))
    while (len(text.encode()) + 8) % 8:
        text += ' '
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text.encode())))
        f.write(text.encode())
        for b in blobs:
            f.write(b)


def digest(t):
    """sha256 of the tensor widened to float32, little-endian: what our reader must hold."""
    f32 = t.to(torch.float32).contiguous().numpy().astype('<f4')
    return {
        'shape': list(t.shape),
        'dtype': ST_DTYPE[t.dtype],
        'sha256F32': hashlib.sha256(f32.tobytes()).hexdigest(),
        'first': [float(v) for v in f32.reshape(-1)[:4]],
    }


def f64(t):
    return t.to(torch.float64)


def encode_reference(arch, w, x, cfg):
    """Feature activations [n, d_sae] in float64, as each library defines its encoder."""
    if arch == 'sparsify':
        pre = (x - f64(w['b_dec'])) @ f64(w['encoder.weight']).T + f64(w['encoder.bias'])
        acts = torch.relu(pre)
        vals, idx = acts.topk(cfg['k'], dim=-1)
        return torch.zeros_like(acts).scatter(-1, idx, vals)
    sae_in = x - f64(w['b_dec']) * (1.0 if cfg['apply_b_dec_to_input'] else 0.0)
    if arch == 'gated':
        gate = sae_in @ f64(w['W_enc']) + f64(w['b_gate'])
        mag = sae_in @ (f64(w['W_enc']) * torch.exp(f64(w['r_mag']))) + f64(w['b_mag'])
        return (gate > 0).to(torch.float64) * torch.relu(mag)
    pre = sae_in @ f64(w['W_enc']) + f64(w['b_enc'])
    if arch == 'standard':
        return torch.relu(pre)
    if arch == 'jumprelu':
        return torch.relu(pre) * (pre > f64(w['threshold'])).to(torch.float64)
    if arch == 'topk':
        vals, idx = pre.topk(cfg['k'], dim=-1)
        return torch.zeros_like(pre).scatter(-1, idx, torch.relu(vals))
    raise ValueError(arch)


def decode_reference(w, f):
    return f @ f64(w['W_dec']) + f64(w['b_dec'])


def random_weights(gen, arch, dtype):
    """Encoder ≈ decoder transpose with unit-norm decoder rows, as both libraries initialise."""
    w_dec = torch.randn(D_SAE, D_IN, generator=gen)
    w_dec = w_dec / w_dec.norm(dim=1, keepdim=True)
    w_enc = w_dec.T.clone() + 0.01 * torch.randn(D_IN, D_SAE, generator=gen)
    b_dec = 0.05 * torch.randn(D_IN, generator=gen)
    b_enc = 0.1 * torch.randn(D_SAE, generator=gen)
    if arch == 'sparsify':
        out = {'encoder.weight': w_enc.T.contiguous(), 'encoder.bias': b_enc, 'W_dec': w_dec, 'b_dec': b_dec}
    elif arch == 'gated':
        out = {'W_enc': w_enc, 'b_gate': b_enc, 'r_mag': 0.2 * torch.randn(D_SAE, generator=gen), 'b_mag': 0.1 * torch.randn(D_SAE, generator=gen), 'W_dec': w_dec, 'b_dec': b_dec}
    else:
        out = {'W_enc': w_enc, 'b_enc': b_enc, 'W_dec': w_dec, 'b_dec': b_dec}
        if arch == 'jumprelu':
            th = 0.3 * torch.rand(D_SAE, generator=gen)
            th[0] = -5.0  # a negative threshold: SAELens still applies ReLU first, so pre in (-5, 0] gives 0
            out['threshold'] = th
    return {k: v.to(dtype) for k, v in out.items()}


def saelens_cfg(arch, dtype, hook_fields, extra=None):
    cfg = {
        'architecture': arch,
        'd_in': D_IN,
        'd_sae': D_SAE,
        'dtype': CFG_DTYPE[dtype],
        'device': 'cpu',
        'apply_b_dec_to_input': True,
        'normalize_activations': 'none',
        'reshape_activations': 'none',
        'model_name': 'tiny-kjv-gpt2',
        'context_size': 128,
        'prepend_bos': True,
        'dataset_path': 'fixtures/kjv',
        'finetuning_scaling_factor': False,
    }
    cfg.update(hook_fields)
    cfg.update(extra or {})
    return cfg


FIXTURES = [
    # name, architecture, dtype, cfg (SAELens) or None (sparsify)
    ('saelens-standard', 'standard', torch.float32,
     saelens_cfg('standard', torch.float32, {'hook_name': 'blocks.2.hook_resid_post', 'hook_layer': 2}, {'activation_fn_str': 'relu'})),
    # SAELens ≥ 6: the hook only in metadata; TopK k at top level; b_dec not subtracted.
    ('saelens-topk', 'topk', torch.float16,
     {**saelens_cfg('topk', torch.float16, {}, {'k': 4, 'apply_b_dec_to_input': False, 'rescale_acts_by_decoder_norm': False}),
      'metadata': {'sae_lens_version': '6.5.0', 'model_name': 'tiny-kjv-gpt2', 'hook_name': 'blocks.1.hook_resid_post', 'hook_layer': 1}}),
    # Older SAELens: hook_point / hook_point_layer; resid_pre of block 2 is resid_post of block 1.
    ('saelens-jumprelu', 'jumprelu', torch.bfloat16,
     saelens_cfg('jumprelu', torch.bfloat16, {'hook_point': 'blocks.2.hook_resid_pre', 'hook_point_layer': 2}, {'activation_fn_str': 'relu'})),
    ('saelens-gated', 'gated', torch.float32,
     saelens_cfg('gated', torch.float32, {'hook_name': 'blocks.3.hook_mlp_out', 'hook_layer': 3}, {'activation_fn_str': 'relu'})),
    # sparsify saves one folder per hookpoint (module name); layers.1 is block 1's output.
    ('sparsify-topk/layers.1', 'sparsify', torch.bfloat16,
     {'expansion_factor': 0, 'normalize_decoder': True, 'num_latents': D_SAE, 'k': 4, 'multi_topk': False, 'skip_connection': False, 'transcode': False, 'activation': 'topk', 'd_in': D_IN}),
]


def main():
    gen = torch.Generator().manual_seed(20261201)
    x = (torch.randn(N_INPUTS, D_IN, generator=gen) * 1.5).to(torch.float32)  # fixed inputs [n, d_in]
    for i, (name, arch, dtype, cfg) in enumerate(FIXTURES):
        folder = os.path.join(ROOT, name)
        os.makedirs(folder, exist_ok=True)
        w = random_weights(gen, arch, dtype)
        weights_file = 'sae.safetensors' if arch == 'sparsify' else 'sae_weights.safetensors'
        write_safetensors(os.path.join(folder, weights_file), w, {'format': 'pt'})
        with open(os.path.join(folder, 'cfg.json'), 'w') as f:
            json.dump(cfg, f, indent=2)
        if arch == 'standard':
            sparsity = torch.log10(torch.rand(D_SAE, generator=gen) * 0.1 + 1e-4)
            write_safetensors(os.path.join(folder, 'sparsity.safetensors'), {'log_feature_sparsity': sparsity})
        xd = f64(x)
        f = encode_reference(arch, w, xd, cfg)
        x_hat = decode_reference(w, f)
        expected = {
            'folder': name,
            'architecture': arch,
            'dtype': CFG_DTYPE[dtype],
            'dIn': D_IN,
            'dSae': D_SAE,
            'tensors': {k: digest(v) for k, v in w.items()},
            'inputs': x.reshape(-1).tolist(),
            'featureActs': f.reshape(-1).tolist(),
            'reconstruction': x_hat.reshape(-1).tolist(),
            'l0': float((f > 0).sum(dim=-1).to(torch.float64).mean()),
        }
        with open(os.path.join(ROOT, name.split('/')[0] + '.expected.json'), 'w') as fh:
            json.dump(expected, fh)
        print(f'{name}: {arch} {CFG_DTYPE[dtype]} L0 {expected["l0"]:.2f}', file=sys.stderr)


if __name__ == '__main__':
    main()
