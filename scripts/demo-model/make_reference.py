#!/usr/bin/python3
"""PyTorch reference activations + greedy continuation for the demo model.

    /usr/bin/python3 scripts/demo-model/make_reference.py --model resources/demo-model

Re-loads the weights from the exported ONNX initializers (no .pt file needed) into
the hand-written HF-named PyTorch GPT-2, then writes <model>/reference.json +
reference.bin with forward-hook activations (see scripts/fixtures/README.md for
the format), a delta test at blocks.{n_layer//2}.hook_resid_post, and the greedy
(argmax) continuation of a fixed prompt (20 new tokens, KV cache; checked
against full recompute).
"""
import argparse, json, os, sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "fixtures"))
sys.path.insert(0, HERE)
import hfarch as H  # noqa: E402
from bpe import Tokenizer  # noqa: E402

TEXTS = ["And God said, Let there be light: and there was", "The LORD is my light"]
SEQ = 10
GREEDY_PROMPT = "In the beginning God created"
GREEDY_NEW = 20
DELTA_SEED = 4242


@torch.no_grad()
def greedy_recompute(model, prompt_ids, n_new):
    ids = list(prompt_ids)
    for _ in range(n_new):
        x = torch.tensor([ids])
        out = model(x, torch.ones_like(x), torch.arange(len(ids)).unsqueeze(0), H.empty_past(model, 1))
        ids.append(int(out[0][0, -1].argmax()))
    return ids[len(prompt_ids):]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="resources/demo-model")
    args = ap.parse_args()
    torch.set_num_threads(2)
    cfg = json.load(open(os.path.join(args.model, "config.json")))
    model = H.model_from_config(cfg)
    H.load_weights_from_onnx(model, os.path.join(args.model, "onnx", "model.onnx"))
    model.eval()
    tk = Tokenizer(os.path.join(args.model, "tokenizer.json"))

    rows = [tk.encode(t)[:SEQ] for t in TEXTS]
    ids = torch.full((2, SEQ), tk.eot_id, dtype=torch.long)
    mask = torch.zeros(2, SEQ, dtype=torch.long)
    for r, toks in enumerate(rows):
        ids[r, : len(toks)] = torch.tensor(toks)
        mask[r, : len(toks)] = 1
    assert mask[0].all() and not mask[1].all(), "row 0 must be full, row 1 right-padded"

    prompt = tk.encode(GREEDY_PROMPT)
    cont = H.greedy(model, prompt, GREEDY_NEW)
    assert cont == greedy_recompute(model, prompt, GREEDY_NEW), "KV-cache greedy != full recompute"
    extra = {
        "texts": [tk.decode(r) for r in rows],
        "greedy_prompt": GREEDY_PROMPT,
        "greedy_prompt_ids": prompt,
        "greedy_continuation_ids": cont,
        "greedy_text": GREEDY_PROMPT + tk.decode(cont),
        "greedy_note": f"argmax decoding of {GREEDY_NEW} new tokens (no EOS stop), batch 1, "
                       "position_ids 0..n-1, computed in PyTorch with the KV cache and checked "
                       "against full recompute",
        "pad_token_id": tk.eot_id,
    }
    ref = H.write_reference(model, args.model, ids, mask, DELTA_SEED, extra=extra,
                            note="miStudio demo model (KJV GPT-2); batch 2 of real text, row 1 "
                                 "right-padded with <|endoftext|> (id %d)." % tk.eot_id)
    print("texts:", extra["texts"])
    print("greedy:", extra["greedy_text"])
    print("reference.bin bytes:", os.path.getsize(os.path.join(args.model, "reference.bin")))


if __name__ == "__main__":
    main()
