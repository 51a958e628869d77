"""PyTorch peer for bench/sae-train.ts: one SAE training step (forward, SAELens loss, backward,
Adam), the same work as the ort engine's step graph. Prints one JSON object on stdout.

Definitions as SAELens (v6 training_sae / topk_sae): x_c = x - b_dec; pre = x_c W_enc + b_enc;
standard f = relu(pre), loss = sum((x_hat - x)^2, -1).mean() + l1 * (f * ||W_dec||_row).sum(-1).mean();
topk f = scatter(relu(topk(pre, k))), loss = mse (no dead features at the start, so AuxK = 0).
Run with Debian's /usr/bin/python3 (python3-torch 1.13, OpenBLAS), never the pyenv python3.
"""

import argparse
import json
import sys
import time

import torch


def blas_libraries() -> str:
    """The BLAS libraries actually mapped into this process (not what the build config mentions)."""
    with open("/proc/self/maps", encoding="utf8") as maps:
        libs = sorted({line.split()[-1].rsplit("/", 1)[-1] for line in maps if "blas" in line.lower() or "mkl" in line.lower()})
    return ", ".join(libs) or "none found"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--d-in", type=int, default=768)
    ap.add_argument("--expansion", type=int, default=8)
    ap.add_argument("--batch", type=int, default=4096)
    ap.add_argument("--arch", choices=["standard", "topk"], default="standard")
    ap.add_argument("--k", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--serve", action="store_true", help="after set-up print 'ready', then time one step per 'step' line on stdin")
    a = ap.parse_args()

    threads_default = torch.get_num_threads()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    d_in, d_sae, n = a.d_in, a.d_in * a.expansion, a.batch
    W_enc = torch.nn.Parameter(torch.randn(d_in, d_sae) * 0.02)
    b_enc = torch.nn.Parameter(torch.zeros(d_sae))
    W_dec = torch.nn.Parameter(W_enc.detach().t().clone())
    b_dec = torch.nn.Parameter(torch.zeros(d_in))
    opt = torch.optim.Adam([W_enc, b_enc, W_dec, b_dec], lr=1e-4, betas=(0.9, 0.999), eps=1e-8)
    x = torch.randn(n, d_in)
    l1_coefficient = 1.0

    def step() -> float:
        opt.zero_grad(set_to_none=True)
        pre = (x - b_dec) @ W_enc + b_enc  # [n, d_sae]
        if a.arch == "standard":
            f = torch.relu(pre)
        else:
            top = torch.topk(pre, a.k, dim=-1, sorted=False)
            f = torch.zeros_like(pre).scatter(-1, top.indices, torch.relu(top.values))
        x_hat = f @ W_dec + b_dec  # [n, d_in]
        mse = (x_hat - x).pow(2).sum(-1).mean()
        if a.arch == "standard":
            loss = mse + l1_coefficient * (f * W_dec.norm(dim=1)).sum(-1).mean()
        else:
            loss = mse
        loss.backward()
        opt.step()
        return float(loss)

    if a.serve:
        # Interleaved timing: the TS bench alternates our step and this one, so load from other
        # work on a shared machine falls on both. One JSON line per step.
        print(json.dumps({"ready": True, "torch_version": torch.__version__, "threads": torch.get_num_threads(), "threads_default": threads_default, "blas": blas_libraries()}), flush=True)
        for cmd in sys.stdin:
            if cmd.strip() != "step":
                break
            t0 = time.perf_counter()
            step()
            print(json.dumps({"step_s": time.perf_counter() - t0}), flush=True)
        return

    for _ in range(a.warmup):
        step()
    times = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    times_sorted = sorted(times)
    median = times_sorted[len(times) // 2] if len(times) % 2 else (times_sorted[len(times) // 2 - 1] + times_sorted[len(times) // 2]) / 2
    blas = blas_libraries()
    print(json.dumps({
        "torch_version": torch.__version__,
        "threads_default": threads_default,
        "threads": torch.get_num_threads(),
        "blas": blas,
        "arch": a.arch,
        "times_s": times,
        "median_s": median,
        "tokens_per_s": n / median,
    }))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
