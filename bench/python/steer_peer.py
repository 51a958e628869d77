#!/usr/bin/python3
"""PyTorch peer for bench/steering.ts: greedy generation with a KV cache on the demo model,
plain and steered by a forward hook on the block whose output is the steered hook
(blocks.L.hook_resid_post = the output of transformer.h[L]), as TransformerLens / SAELens
users steer. Prints one JSON object on stdout (logs go to stderr).

    /usr/bin/python3 bench/python/steer_peer.py --onnx-dir resources/demo-model --request req.json

req.json: {"prompt_ids": [...], "new_tokens": N, "layer": L, "threads": T, "warmup": W,
           "runs": R, "vector": [d_model floats],            # additive: x + v at every position
           "sae_dir": DIR, "clamp": [[feature, target], ...]} # clamp: x + Σ (a'_f − a_f(x)) W_dec[f]

The clamp hook encodes x with the SAE (standard ReLU, SAELens semantics with
apply_b_dec_to_input) inside the forward: one pass per token, where ours needs two.
Needs Debian's python3-torch (1.13) and python3-onnx: call /usr/bin/python3.
"""
import argparse, importlib.util, json, os, statistics, struct, sys, time

import torch

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
_spec = importlib.util.spec_from_file_location("hfarch", os.path.join(REPO, "scripts", "fixtures", "hfarch.py"))
H = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(H)


def log(msg):
    print(f"[torch peer] {msg}", file=sys.stderr, flush=True)


def read_safetensors(path):
    """float32 tensors of a .safetensors file (header length u64 LE, JSON header, raw data)."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", f"{name}: {info['dtype']}"
        a, b = info["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[a:b]), dtype=torch.float32).reshape(info["shape"])
    return out


@torch.no_grad()
def generate(model, prompt_ids, new_tokens):
    """Greedy decode with the KV cache; returns the generated ids."""
    ids = torch.tensor([prompt_ids], dtype=torch.int64)
    past = H.empty_past(model, batch=1)
    mask = torch.ones(1, ids.shape[1], dtype=torch.int64)
    pos = H.default_position_ids(mask)
    out = []
    logits, *past = model(ids, mask, pos, past)
    for i in range(new_tokens):
        tok = int(torch.argmax(logits[0, -1]))
        out.append(tok)
        if i == new_tokens - 1:
            break
        length = len(prompt_ids) + len(out)
        mask = torch.ones(1, length, dtype=torch.int64)
        pos = torch.tensor([[length - 1]], dtype=torch.int64)
        logits, *past = model(torch.tensor([[tok]], dtype=torch.int64), mask, pos, past)
    return out


def timed(model, req):
    times, ids = [], None
    for i in range(req["warmup"] + req["runs"]):
        t0 = time.perf_counter()
        ids = generate(model, req["prompt_ids"], req["new_tokens"])
        dt = time.perf_counter() - t0
        if i >= req["warmup"]:
            times.append(dt)
    med = statistics.median(times)
    return {"times_s": times, "median_s": med, "tokens_per_s": req["new_tokens"] / med, "token_ids": ids}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx-dir", required=True)
    ap.add_argument("--request", required=True)
    a = ap.parse_args()
    with open(a.request) as f:
        req = json.load(f)
    threads_default = torch.get_num_threads()
    torch.set_num_threads(req["threads"])
    with open(os.path.join(a.onnx_dir, "config.json")) as f:
        cfg = json.load(f)
    model = H.model_from_config(cfg).eval()
    H.load_weights_from_onnx(model, os.path.join(a.onnx_dir, "onnx", "model.onnx"))
    block = model.transformer.h[req["layer"]]
    result = {"torch_version": torch.__version__, "threads_default": threads_default, "threads": torch.get_num_threads()}

    log(f"plain: {req['warmup']} warm-up + {req['runs']} runs of {req['new_tokens']} tokens")
    result["plain"] = timed(model, req)

    v = torch.tensor(req["vector"], dtype=torch.float32)
    handle = block.register_forward_hook(lambda mod, inp, out: (out[0] + v, out[1]))
    log("additive steering hook")
    result["additive"] = timed(model, req)
    handle.remove()

    sae = read_safetensors(os.path.join(req["sae_dir"], "sae_weights.safetensors"))
    feats = torch.tensor([f for f, _ in req["clamp"]], dtype=torch.int64)
    target = torch.tensor([t for _, t in req["clamp"]], dtype=torch.float32)
    w_enc_f = sae["W_enc"][:, feats].contiguous()  # [d, |F|]
    b_enc_f = sae["b_enc"][feats]
    w_dec_f = sae["W_dec"][feats].contiguous()  # [|F|, d]
    b_dec = sae["b_dec"]

    def clamp(mod, inp, out):
        x = out[0]  # [b, s, d]
        a_f = torch.relu((x - b_dec) @ w_enc_f + b_enc_f)  # [b, s, |F|]
        return (x + (target - a_f) @ w_dec_f, out[1])

    handle = block.register_forward_hook(clamp)
    log("clamp hook")
    result["clamp"] = timed(model, req)
    handle.remove()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
