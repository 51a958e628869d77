"""PyTorch peer for bench/sae-train.ts: one SAE training step (forward, SAELens loss, autograd
backward, Adam, fire counts / dead-feature clock / BatchTopK threshold), the same work as the
ort engine's step graph. Architectures in bench/python/sae_peer_archs.py.

--init DIR: the shared seeded start written by bench/sae-train.ts (meta.json + raw float32 files
<name>.f32 for x and every parameter), so the per-step losses can be compared with ours.
Without it, a random start (standalone timing only).
--serve: after set-up print one JSON line, then time one step per 'step' line on stdin, printing
{"step_s", "cpu_s", "loss", "mse", "aux", "l0", "ev"} per step (so the TS bench can alternate steps);
'dump DIR' writes the current parameters to DIR/<name>.f32 and prints the BatchTopK threshold.
Run with Debian's /usr/bin/python3 (python3-torch 1.13, OpenBLAS), never the pyenv python3.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch

from sae_peer_archs import EXTRA_PARAMS, LOSSES


def blas_libraries() -> str:
    """The BLAS libraries actually mapped into this process (not what the build config mentions)."""
    with open("/proc/self/maps", encoding="utf8") as maps:
        libs = sorted({line.split()[-1].rsplit("/", 1)[-1] for line in maps if "blas" in line.lower() or "mkl" in line.lower()})
    return ", ".join(libs) or "none found"


def load_start(folder: str):  # noqa: ANN201
    """meta.json {arch, d_in, d_sae, batch, hyper: {...}, shapes: {name: [dims]}} + <name>.f32."""
    with open(os.path.join(folder, "meta.json"), encoding="utf8") as fh:
        meta = json.load(fh)
    tensors = {}
    for name, shape in meta["shapes"].items():
        data = np.fromfile(os.path.join(folder, f"{name}.f32"), dtype=np.float32)
        tensors[name] = torch.from_numpy(data.reshape(shape).copy())
    return meta, tensors


def random_start(a: argparse.Namespace):  # noqa: ANN201
    torch.manual_seed(0)
    d_in, d_sae = a.d_in, a.d_in * a.expansion
    W_enc = torch.randn(d_in, d_sae) * 0.02
    t = {"x": torch.randn(a.batch, d_in), "W_enc": W_enc, "b_enc": torch.zeros(d_sae), "W_dec": W_enc.t().clone(), "b_dec": torch.zeros(d_in)}
    if a.arch == "jumprelu":
        t["log_threshold"] = torch.full((d_sae,), float(np.log(0.001)))
    if a.arch == "gated":
        t["r_mag"], t["b_mag"] = torch.zeros(d_sae), torch.zeros(d_sae)
    hyper = {"k": a.k, "l1_coefficient": 1.0, "l0_coefficient": 1.0, "bandwidth": 0.001, "aux_coefficient": 1 / 32,
             "k_aux": d_in // 2, "dead_window": 1e9, "topk_threshold_lr": 0.01, "lr": 1e-4,
             "matryoshka_widths": [d_sae // 16, d_sae // 8, d_sae // 4, d_sae // 2, d_sae]}
    return {"arch": a.arch, "d_sae": d_sae, "hyper": hyper}, t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--init", help="folder with the shared start (meta.json + *.f32)")
    ap.add_argument("--d-in", type=int, default=768)
    ap.add_argument("--expansion", type=int, default=8)
    ap.add_argument("--batch", type=int, default=4096)
    ap.add_argument("--arch", choices=sorted(LOSSES), default="standard")
    ap.add_argument("--k", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--serve", action="store_true")
    a = ap.parse_args()

    threads_default = torch.get_num_threads()
    torch.set_num_threads(a.threads)
    meta, t = load_start(a.init) if a.init else random_start(a)
    arch, hyper = meta["arch"], meta["hyper"]
    loss_fn = LOSSES[arch]
    names = ["W_enc", "b_enc", "W_dec", "b_dec", *EXTRA_PARAMS.get(arch, [])]
    p = {n: torch.nn.Parameter(t[n]) for n in names}
    x = t["x"]
    opt = torch.optim.Adam(list(p.values()), lr=hyper["lr"], betas=(0.9, 0.999), eps=1e-8)
    s = dict(hyper)
    s["tokens_since_fired"] = t.get("tokens_since_fired", torch.zeros(meta["d_sae"]))
    s["topk_threshold"] = 0.0
    sst = (x - x.mean(0, keepdim=True)).pow(2).sum()

    def step() -> dict:
        opt.zero_grad(set_to_none=True)
        loss, f, extra = loss_fn(p, x, s)
        loss.backward()
        opt.step()
        with torch.no_grad():
            # What our step also computes every step: fire counts (the dead-feature clock), L0, EV.
            fire_counts = (f > 0).sum(0)
            s["tokens_since_fired"] = torch.where(fire_counts > 0, torch.zeros(()), s["tokens_since_fired"] + x.shape[0])
            l0 = float(fire_counts.sum()) / x.shape[0]
            ev = 1 - float((extra["x_hat"] - x).pow(2).sum() / sst)
        aux = extra.get("aux")
        return {"loss": float(loss), "mse": float(extra["mse"]), "aux": None if aux is None else float(aux), "l0": l0, "ev": ev}

    info = {"ready": True, "torch_version": torch.__version__, "threads": torch.get_num_threads(), "threads_default": threads_default, "blas": blas_libraries()}
    if a.serve:
        # Interleaved timing: the TS bench alternates our step and this one, so load from other
        # work on a shared machine falls on both. One JSON line per step.
        print(json.dumps(info), flush=True)
        for cmd in sys.stdin:
            if cmd.startswith("dump "):
                # The parameters after the steps so far, for the TS side's update comparison.
                folder = cmd[len("dump "):].strip()
                for n, v in p.items():
                    v.detach().numpy().astype(np.float32).tofile(os.path.join(folder, f"{n}.f32"))
                print(json.dumps({"dumped": sorted(p), "topk_threshold": s["topk_threshold"]}), flush=True)
                continue
            if cmd.strip() != "step":
                break
            t0, c0 = time.perf_counter(), time.process_time()
            m = step()
            print(json.dumps({"step_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0, **m}), flush=True)
        return

    for _ in range(a.warmup):
        step()
    times = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    median = sorted(times)[len(times) // 2]
    print(json.dumps({**info, "arch": arch, "times_s": times, "median_s": median, "tokens_per_s": x.shape[0] / median}))


if __name__ == "__main__":
    main()
