"""Peer for bench/datasets.ts: the same work in Python — parse the demo corpus' JSONL
and tokenize every document with the same byte-level BPE (scripts/demo-model/bpe.py,
the reference encoder the demo tokenizer was built with). Prints one JSON line."""
import json
import sys
import time
from pathlib import Path

root = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(root / "scripts" / "demo-model"))
from bpe import Tokenizer  # noqa: E402

files = sys.argv[1:]
t0 = time.perf_counter()
c0 = time.process_time()
docs = []
for f in files:
    with open(f, encoding="utf-8") as fh:
        docs.extend(json.loads(line)["text"] for line in fh if line.strip())
t_parse = time.perf_counter() - t0
tok = Tokenizer(str(root / "resources" / "demo-model" / "tokenizer.json"))
t1 = time.perf_counter()
tokens = sum(len(tok.encode(d)) for d in docs)
t_tok = time.perf_counter() - t1
cpu = time.process_time() - c0
print(json.dumps({"docs": len(docs), "tokens": tokens, "parse_seconds": t_parse, "tokenize_seconds": t_tok, "cpu_seconds": cpu}))
