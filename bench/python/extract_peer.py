#!/usr/bin/python3
"""PyTorch peer for bench/extract.ts: activation extraction over a finished token-shard folder,
the same work as extractActivationsTask — read the token shards, run the model batch by batch
with forward hooks capturing the residual stream (hook_resid_post = a GPT-2 block's output),
drop padded positions, and stream float32 rows plus int32 (row, position, token id) refs to
shard files (fsynced when a shard closes, as ours does), then a manifest.

    /usr/bin/python3 bench/python/extract_peer.py --onnx-dir resources/demo-model --batch 8 --shard-rows 65536

It loads the model (weights read back from the ONNX initializers with
scripts/fixtures/hfarch.py's load_weights_from_onnx), prints one JSON line
{"ready": true, ...}, then serves one extraction per JSON line on stdin
{"tokens_dir": ..., "out_dir": ..., "hooks": [...]} and answers each with one JSON line
{"seconds": ..., "rows": ..., "shards": ..., "forward_s": ...}, so the TS bench can interleave
its runs with ours. The output folder has the same layout as ours (manifest.json with
shards[].files / refsFile, raw little-endian files) so the caller can compare them.

Threads: torch.set_num_threads(os.cpu_count()). Needs Debian's python3-torch (1.13) and
python3-onnx: call /usr/bin/python3, never the pyenv python3 on PATH. Logs go to stderr.
"""
import argparse, importlib.util, json, os, re, sys, time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from forward_peer import loaded_blas  # noqa: E402  (same BLAS report as the forward bench)

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
_spec = importlib.util.spec_from_file_location("hfarch", os.path.join(REPO, "scripts", "fixtures", "hfarch.py"))
H = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(H)

ROW_RECORD_U32 = 3  # tokens manifest: per row [tokenOffset, length, unpaddedLength]
HOOK_RE = re.compile(r"^blocks\.(\d+)\.hook_resid_post$")


def log(msg):
    print(f"[torch peer] {msg}", file=sys.stderr, flush=True)


def hook_file_name(hook, shard):  # as src/compute/activations/manifest.ts
    return f"{re.sub(r'[^A-Za-z0-9_.-]', '_', hook)}-{shard:05d}.bin"


def refs_file_name(shard):
    return f"refs-{shard:05d}.bin"


def token_rows(tokens_dir):
    """(global row, token ids uint32 view, unpadded length) in order, one shard in memory at a time."""
    with open(os.path.join(tokens_dir, "manifest.json")) as f:
        manifest = json.load(f)
    for shard in manifest["shards"]:
        tokens = np.fromfile(os.path.join(tokens_dir, shard["tokensFile"]), dtype="<u4")
        rows = np.fromfile(os.path.join(tokens_dir, shard["rowsFile"]), dtype="<u4").reshape(-1, ROW_RECORD_U32)
        for r in range(shard["rows"]):
            off, length, unpadded = (int(v) for v in rows[r])
            yield shard["firstRow"] + r, tokens[off:off + length], unpadded


class Writer:
    """Shards of `shard_rows` rows: one raw float32 file per hook + one int32 refs file."""

    def __init__(self, out_dir, hooks, shard_rows):
        self.dir, self.hooks, self.shard_rows = out_dir, hooks, shard_rows
        self.shards, self.files, self.in_shard, self.total = [], None, 0, 0

    def _open(self):
        i = len(self.shards)
        names = {h: hook_file_name(h, i) for h in self.hooks}
        self.shards.append({"index": i, "rows": 0, "files": names, "refsFile": refs_file_name(i)})
        self.files = [open(os.path.join(self.dir, names[h]), "wb") for h in self.hooks]
        self.files.append(open(os.path.join(self.dir, refs_file_name(i)), "wb"))
        self.in_shard = 0

    def close(self):
        if self.files is None:
            return
        for f in self.files:
            f.flush()
            os.fsync(f.fileno())
            f.close()
        self.files = None

    def append(self, acts, refs):
        """acts: per hook [n, d] float32 contiguous numpy arrays (hook order); refs [n, 3] int32."""
        n, done = refs.shape[0], 0
        while done < n:
            if self.files is None or self.in_shard >= self.shard_rows:
                self.close()
                self._open()
            take = min(n - done, self.shard_rows - self.in_shard)
            for f, a in zip(self.files, acts):
                f.write(memoryview(a[done:done + take]))
            self.files[-1].write(memoryview(refs[done:done + take]))
            self.in_shard += take
            self.shards[-1]["rows"] += take
            self.total += take
            done += take


def extract(model, captured, req, batch_size, shard_rows):
    """One end-to-end extraction; returns (rows, shards, seconds in model forward)."""
    hooks = req["hooks"]
    layers = [int(HOOK_RE.match(h).group(1)) for h in hooks]
    out_dir = req["out_dir"]
    os.makedirs(out_dir, exist_ok=True)
    writer = Writer(out_dir, hooks, shard_rows)
    forward_s = 0.0
    rows = token_rows(req["tokens_dir"])
    with torch.no_grad():
        while True:
            batch = []
            for r in rows:
                batch.append(r)
                if len(batch) == batch_size:
                    break
            if not batch:
                break
            width = max(len(t) for _, t, _ in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for b, (_, t, unpadded) in enumerate(batch):
                ids[b, :len(t)] = t
                mask[b, :unpadded] = 1
            ids_t, mask_t = torch.from_numpy(ids), torch.from_numpy(mask)
            t0 = time.perf_counter()
            model(ids_t, mask_t, H.default_position_ids(mask_t), H.empty_past(model, len(batch)))
            forward_s += time.perf_counter() - t0
            keep = mask.astype(bool)
            bi, pi = np.nonzero(keep)  # real tokens in row-major (row, position) order, as ours
            keep_t = torch.from_numpy(keep)
            # captured[layer]: [batch, width, d]; boolean indexing drops padded positions (a copy).
            acts = [np.ascontiguousarray(captured[layer][keep_t].numpy(), dtype=np.float32) for layer in layers]
            global_rows = np.array([r for r, _, _ in batch], dtype=np.int32)
            refs = np.stack([global_rows[bi], pi.astype(np.int32), ids[bi, pi].astype(np.int32)], axis=1).astype("<i4")
            writer.append(acts, np.ascontiguousarray(refs))
            captured.clear()
    writer.close()
    manifest = {"kind": "torch-peer.activations", "hooks": hooks, "dModel": model.cfg["n_embd"], "dtype": "float32",
                "totalRows": writer.total, "batchSize": batch_size, "shards": writer.shards}
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f)
        f.flush()
        os.fsync(f.fileno())
    return writer.total, len(writer.shards), forward_s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx-dir", required=True, help="transformers.js folder; weights from its ONNX")
    ap.add_argument("--batch", type=int, default=8, help="token windows per forward")
    ap.add_argument("--shard-rows", type=int, required=True, help="activation rows per shard file (match ours)")
    a = ap.parse_args()

    threads_default = torch.get_num_threads()
    threads = os.cpu_count() or 1
    torch.set_num_threads(threads)
    with open(os.path.join(a.onnx_dir, "config.json")) as f:
        cfg = json.load(f)
    model = H.model_from_config(cfg).eval()
    H.load_weights_from_onnx(model, os.path.join(a.onnx_dir, "onnx", "model.onnx"))

    # register_forward_hook on every block; a GPT-2 block returns (resid_post, present).
    captured = {}
    for layer, block in enumerate(model.blocks()):
        def post(mod, args, out, layer=layer):
            captured[layer] = out[0]
        block.register_forward_hook(post)

    log(f"model loaded ({cfg['n_layer']} layers, d_model {cfg['n_embd']}); torch threads {threads} (os.cpu_count()), default was {threads_default}")
    print(json.dumps({
        "ready": True,
        "torch_version": torch.__version__,
        "threads_default": threads_default,
        "threads": torch.get_num_threads(),
        "cpu_count": os.cpu_count(),
        "blas": loaded_blas(),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
        "parameters": sum(p.numel() for p in model.parameters()),
    }), flush=True)
    for line in sys.stdin:
        if not line.strip():
            break
        req = json.loads(line)
        t0 = time.perf_counter()
        rows, shards, forward_s = extract(model, captured, req, a.batch, a.shard_rows)
        seconds = time.perf_counter() - t0
        print(json.dumps({"seconds": seconds, "rows": rows, "shards": shards, "forward_s": forward_s}), flush=True)


if __name__ == "__main__":
    main()
