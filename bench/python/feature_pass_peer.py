#!/usr/bin/python3
"""PyTorch peer for bench/feature-pass.ts: the streaming part of a feature pass, the same work on the
same weights and tokens as ours — read the token windows of a finished token-shard folder, run the
model in groups of 8 windows with a forward hook capturing blocks.L.hook_resid_post (a GPT-2 block's
output), encode the real tokens with the SAE (SAELens semantics: pre = (x - b_dec) W_enc + b_enc;
standard f = relu(pre); topk f = scatter(relu(topk(pre, k)))), and keep per feature: firing count,
sum and max, the log-spaced activation histogram (the same 58 bins as src/compute/features/histogram.ts)
and the top-k activations with their token indices (torch.topk over each batch, merged with the
running top-k).

    /usr/bin/python3 bench/python/feature_pass_peer.py --onnx-dir resources/demo-model --sae-dir <SAELens folder>

Prints {"ready": true, ...} once the model and SAE are loaded, then serves one pass per JSON line on
stdin {"tokens_dir": ..., "max_tokens": ..., "batch_tokens": ..., "top_k": ..., "parity": bool}
and answers each with one JSON line {"seconds", "tokens", "windows", "forward_s", "encode_s",
"stats_s"[, "fire_counts", "max", "top1"]}. Needs Debian's python3-torch: run /usr/bin/python3.
"""
import argparse, importlib.util, json, os, re, struct, sys, time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from forward_peer import loaded_blas  # noqa: E402
from extract_peer import token_rows  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
_spec = importlib.util.spec_from_file_location("hfarch", os.path.join(REPO, "scripts", "fixtures", "hfarch.py"))
H = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(H)

HOOK_RE = re.compile(r"^blocks\.(\d+)\.hook_resid_post$")
FORWARD_ROWS = 8
# Interior edges of the histogram: bin 0 = [0, 1e-3), bins 1..56 = 8 per decade to 1e4, bin 57 = [1e4, inf).
EDGES = torch.tensor([10.0 ** (-3 + i / 8) for i in range(57)], dtype=torch.float32)
BINS = 58


def log(msg):
    print(f"[torch peer] {msg}", file=sys.stderr, flush=True)


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        assert e["dtype"] == "F32", f"{name}: {e['dtype']}"
        b, end = e["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(data, dtype="<f4", count=(end - b) // 4, offset=8 + n + b).reshape(e["shape"]).copy())
    return out


def window_batches(tokens_dir, max_tokens, batch_tokens):
    """Whole windows up to batch_tokens tokens per batch (as ours), the last window cut to max_tokens."""
    batch, n, total = [], 0, 0
    for _, t, unpadded in token_rows(tokens_dir):
        if total >= max_tokens:
            break
        take = min(unpadded, max_tokens - total)
        if batch and n + take > batch_tokens:
            yield batch
            batch, n = [], 0
        batch.append(np.asarray(t[:take], dtype=np.int64))
        n += take
        total += take
    if batch:
        yield batch


def run_pass(model, captured, layer, sae, cfg, req):
    d_sae, K = cfg["d_sae"], req["top_k"]
    W_enc, b_enc, b_dec = sae["W_enc"], sae["b_enc"], sae["b_dec"]
    topk = cfg["architecture"] == "topk"
    k = cfg.get("k")
    counts = torch.zeros(d_sae, dtype=torch.int64)
    sums = torch.zeros(d_sae, dtype=torch.float64)
    maxs = torch.zeros(d_sae)
    hist = torch.zeros(d_sae * BINS, dtype=torch.int64)
    top_v = torch.full((d_sae, K), -1.0)
    top_i = torch.full((d_sae, K), -1, dtype=torch.int64)
    tokens = windows = 0
    t_fwd = t_enc = t_stats = 0.0
    with torch.no_grad():
        for batch in window_batches(req["tokens_dir"], req["max_tokens"], req["batch_tokens"]):
            t0 = time.perf_counter()
            xs = []
            for g in range(0, len(batch), FORWARD_ROWS):
                group = batch[g:g + FORWARD_ROWS]
                width = max(len(t) for t in group)
                ids = np.zeros((len(group), width), dtype=np.int64)
                mask = np.zeros((len(group), width), dtype=np.int64)
                for b, t in enumerate(group):
                    ids[b, :len(t)] = t
                    mask[b, :len(t)] = 1
                ids_t, mask_t = torch.from_numpy(ids), torch.from_numpy(mask)
                model(ids_t, mask_t, H.default_position_ids(mask_t), H.empty_past(model, len(group)))
                xs.append(captured[layer][torch.from_numpy(mask.astype(bool))])
                captured.clear()
            x = torch.cat(xs)  # [n, d_in], real tokens in (window, position) order
            t1 = time.perf_counter()
            pre = torch.addmm(b_enc, x - b_dec, W_enc)  # [n, d_sae]
            if topk:
                vals, idx = pre.topk(k, dim=1)
                f = torch.zeros_like(pre).scatter_(1, idx, torch.relu(vals))
            else:
                f = torch.relu(pre)
            t2 = time.perf_counter()
            fire = f > 0
            counts += fire.sum(0)
            sums += f.sum(0, dtype=torch.float64)
            maxs = torch.maximum(maxs, f.max(0).values)
            tok, feat = fire.nonzero(as_tuple=True)
            bins = torch.bucketize(f[tok, feat], EDGES, right=True)
            hist += torch.bincount(feat * BINS + bins, minlength=d_sae * BINS)
            # [d_sae, K] over this batch's tokens; topk along a contiguous last dim is ~2.4x faster than dim 0.
            v, i = f.t().contiguous().topk(min(K, f.shape[0]), dim=1)
            all_v, all_i = torch.cat([top_v, v], dim=1), torch.cat([top_i, i + tokens], dim=1)
            sel_v, sel = all_v.topk(K, dim=1)
            top_v, top_i = sel_v, all_i.gather(1, sel)
            t3 = time.perf_counter()
            t_fwd, t_enc, t_stats = t_fwd + t1 - t0, t_enc + t2 - t1, t_stats + t3 - t2
            tokens += x.shape[0]
            windows += len(batch)
    out = {"tokens": tokens, "windows": windows, "forward_s": t_fwd, "encode_s": t_enc, "stats_s": t_stats}
    if req.get("parity"):
        out.update({"fire_counts": counts.tolist(), "max": maxs.tolist(), "top1": top_i[:, 0].tolist(), "hist_total": int(hist.sum())})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx-dir", required=True)
    ap.add_argument("--sae-dir", required=True, help="SAELens folder (cfg.json + sae_weights.safetensors)")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    threads_default = torch.get_num_threads()
    torch.set_num_threads(a.threads)
    with open(os.path.join(a.onnx_dir, "config.json")) as f:
        mcfg = json.load(f)
    model = H.model_from_config(mcfg).eval()
    H.load_weights_from_onnx(model, os.path.join(a.onnx_dir, "onnx", "model.onnx"))
    with open(os.path.join(a.sae_dir, "cfg.json")) as f:
        cfg = json.load(f)
    sae = read_safetensors(os.path.join(a.sae_dir, "sae_weights.safetensors"))
    layer = int(HOOK_RE.match(cfg["hook_name"]).group(1))
    captured = {}
    blocks = list(model.blocks())
    blocks[layer].register_forward_hook(lambda mod, args, out: captured.__setitem__(layer, out[0]))
    log(f"model + {cfg['architecture']} SAE {cfg['d_in']}→{cfg['d_sae']} at {cfg['hook_name']} loaded; torch threads {a.threads}")
    print(json.dumps({"ready": True, "torch_version": torch.__version__, "threads_default": threads_default, "threads": torch.get_num_threads(), "blas": loaded_blas()}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            break
        req = json.loads(line)
        t0 = time.perf_counter()
        out = run_pass(model, captured, layer, sae, cfg, req)
        out["seconds"] = time.perf_counter() - t0
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
