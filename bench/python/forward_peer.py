#!/usr/bin/python3
"""PyTorch peer for bench/forward.ts: times a plain forward pass of a GPT-2-family
model under torch.no_grad() and prints one JSON object on stdout (logs go to stderr).

Two ways to get the model, both with weights identical to the ONNX file ours runs:

    # a GPT-2-small-shaped model with random weights, exported to <dir>/onnx/model.onnx
    # from this very module instance, which is then timed
    /usr/bin/python3 bench/python/forward_peer.py --export-gpt2-small <dir> --inputs ids.json --threads 2

    # an existing transformers.js folder (the demo model): weights read back from the
    # ONNX initializers (exported without constant folding, so they keep state_dict names)
    /usr/bin/python3 bench/python/forward_peer.py --onnx-dir resources/demo-model --inputs ids.json --threads 2

ids.json is {"input_ids": [[...], ...]} (batch × seq). The JSON printed carries the
timings, thread counts, the BLAS library actually loaded, and logits at the last
position of every row (first 32 vocab entries) so the caller can check that both
runtimes compute the same function.

Needs Debian's python3-torch (1.13) and python3-onnx: call /usr/bin/python3.
The GPT-2 module is scripts/fixtures/hfarch.py, imported by path.
"""
import argparse, ctypes, importlib.util, json, os, statistics, sys, time, warnings

import torch

# hfarch's attention mask constant is a deliberate trace constant; keep the log readable.
warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
_spec = importlib.util.spec_from_file_location("hfarch", os.path.join(REPO, "scripts", "fixtures", "hfarch.py"))
H = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(H)

PARITY_VOCAB = 32  # logits entries per row sent back for the parity check


def log(msg):
    print(f"[torch peer] {msg}", file=sys.stderr, flush=True)


def gpt2_small(seed, n_positions):
    """GPT-2 small's shape (124M parameters, tied lm_head), GPT-2's own init (std 0.02)."""
    torch.manual_seed(seed)
    cfg = H.gpt2_config(vocab_size=50257, n_embd=768, n_layer=12, n_head=12, n_positions=n_positions,
                        eos=50256)
    return cfg, H.model_from_config(cfg).eval()


def loaded_blas():
    """Path of the BLAS shared library mapped into this process, and its thread count."""
    paths = set()
    with open("/proc/self/maps") as f:
        for line in f:
            p = line.split()[-1] if len(line.split()) >= 6 else ""
            if "blas" in os.path.basename(p):
                paths.add(p)
    for p in sorted(paths):
        try:
            n = ctypes.CDLL(p).openblas_get_num_threads()
            return {"library": p, "openblas_threads": n}
        except (OSError, AttributeError):
            continue
    return {"library": ", ".join(sorted(paths)) or "none found", "openblas_threads": None}


def time_forward(model, ids, warmup, runs):
    b, s = ids.shape
    mask = torch.ones(b, s, dtype=torch.int64)
    pos = H.default_position_ids(mask)
    past = H.empty_past(model, batch=b)
    times = []
    with torch.no_grad():
        for i in range(warmup + runs):
            t0 = time.perf_counter()
            logits = model(ids, mask, pos, past)[0]  # [batch, seq, vocab]
            dt = time.perf_counter() - t0
            if i >= warmup:
                times.append(dt)
    return times, logits[:, -1, :PARITY_VOCAB].tolist()


def main():
    ap = argparse.ArgumentParser()
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--export-gpt2-small", metavar="DIR", help="build, export to DIR/onnx/model.onnx, time")
    src.add_argument("--onnx-dir", metavar="DIR", help="transformers.js folder; weights from its ONNX")
    ap.add_argument("--inputs", required=True, help='JSON {"input_ids": [[...]]}')
    ap.add_argument("--threads", type=int, required=True, help="torch.set_num_threads (match ORT)")
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--n-positions", type=int, default=1024)
    ap.add_argument("--also-default-threads", action="store_true",
                    help="time again at torch's own default thread count, when it differs")
    a = ap.parse_args()

    threads_default = torch.get_num_threads()
    torch.set_num_threads(a.threads)
    with open(a.inputs) as f:
        ids = torch.tensor(json.load(f)["input_ids"], dtype=torch.int64)

    export_s = None
    if a.export_gpt2_small:
        cfg, model = gpt2_small(a.seed, a.n_positions)
        onnx_path = os.path.join(a.export_gpt2_small, "onnx", "model.onnx")
        log(f"exporting GPT-2-small-shaped model (random weights, seed {a.seed}) to {onnx_path}")
        t0 = time.perf_counter()
        # No constant folding: initializers keep their state_dict names, as in the demo model.
        H.export_onnx(model, onnx_path, constant_folding=False)
        export_s = time.perf_counter() - t0
        with open(os.path.join(a.export_gpt2_small, "config.json"), "w") as f:
            json.dump(cfg, f, indent=1)
        log(f"exported in {export_s:.1f} s ({os.path.getsize(onnx_path) / 2**20:.0f} MiB)")
    else:
        with open(os.path.join(a.onnx_dir, "config.json")) as f:
            cfg = json.load(f)
        model = H.model_from_config(cfg).eval()
        H.load_weights_from_onnx(model, os.path.join(a.onnx_dir, "onnx", "model.onnx"))

    log(f"timing batch {tuple(ids.shape)}: {a.warmup} warm-up + {a.runs} runs, {a.threads} threads")
    times, parity = time_forward(model, ids, a.warmup, a.runs)
    median = statistics.median(times)
    at_default = None
    if a.also_default_threads and threads_default != a.threads:
        torch.set_num_threads(threads_default)
        log(f"timing again at torch's default {threads_default} thread(s)")
        d_times, _ = time_forward(model, ids, a.warmup, a.runs)
        d_median = statistics.median(d_times)
        at_default = {"threads": threads_default, "times_s": d_times, "median_s": d_median,
                      "tokens_per_s": ids.numel() / d_median}
        torch.set_num_threads(a.threads)
    print(json.dumps({
        "torch_version": torch.__version__,
        "threads_default": threads_default,
        "threads": torch.get_num_threads(),
        "blas": loaded_blas(),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
        "parameters": sum(p.numel() for p in model.parameters()),
        "export_s": export_s,
        "times_s": times,
        "median_s": median,
        "tokens_per_s": ids.numel() / median,
        "at_default_threads": at_default,
        "last_logits": parity,
    }))


if __name__ == "__main__":
    main()
