#!/usr/bin/python3
"""Train the miStudio demo model (GPT-2 architecture, HF module names) on the KJV
demo dataset, on CPU.

    /usr/bin/python3 scripts/demo-model/train.py \
        --data resources/demo-dataset --tokenizer resources/demo-model/tokenizer.json \
        --ckpt /tmp/mistudio-demo/model.pt

Each document (one chapter) is tokenized with our own byte-level BPE encoder
(bpe.py) and followed by <|endoftext|>; the documents are concatenated into one
token stream per split.  Training samples random 256-token windows from the train
stream (seeded).  AdamW, linear warm-up then cosine decay to 10 %, grad-clip 1.0.
Perplexity: exp(mean NLL) over non-overlapping 256-token windows of the
validation / test streams (every token after the first of each window is scored).
Writes the checkpoint (state_dict + config + stats) to --ckpt (outside the repo).
"""
import argparse, json, math, os, random, sys, time

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "fixtures"))
sys.path.insert(0, HERE)
import hfarch as H  # noqa: E402
from bpe import Tokenizer  # noqa: E402


def load_split(path):
    return [json.loads(l) for l in open(path, encoding="utf-8")]


def tokenize_split(tk, docs, check=True):
    stream = []
    for d in docs:
        ids = tk.encode(d["text"])
        if check:
            assert tk.decode(ids) == d["text"], f"round-trip failed: {d['book']} {d['chapter']}"
        stream.extend(ids)
        stream.append(tk.eot_id)
    return torch.tensor(stream, dtype=torch.long)


@torch.no_grad()
def perplexity(model, stream, ctx, bs=16):
    model.eval()
    n = (len(stream) - 1) // ctx
    x = stream[: n * ctx].view(n, ctx)
    y = stream[1: n * ctx + 1].view(n, ctx)
    # tail: the remaining tokens as one shorter window
    tot_nll, tot_n = 0.0, 0
    windows = [(x[i:i + bs], y[i:i + bs]) for i in range(0, n, bs)]
    rest = len(stream) - 1 - n * ctx
    if rest > 0:
        windows.append((stream[n * ctx: n * ctx + rest].unsqueeze(0), stream[n * ctx + 1:].unsqueeze(0)))
    for xb, yb in windows:
        b, s = xb.shape
        mask = torch.ones(b, s, dtype=torch.long)
        pos = torch.arange(s).unsqueeze(0).expand(b, s)
        logits = model(xb, mask, pos, H.empty_past(model, b))[0]
        nll = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), yb.reshape(-1), reduction="sum")
        tot_nll += float(nll)
        tot_n += yb.numel()
    model.train()
    return math.exp(tot_nll / tot_n), tot_n


@torch.no_grad()
def sample(model, tk, prompt, n_new, temperature=0.8, top_k=40, seed=0):
    model.eval()
    g = torch.Generator().manual_seed(seed)
    ids = tk.encode(prompt)
    past = H.empty_past(model, 1)
    x = torch.tensor([ids])
    total = len(ids)
    out = []
    for _ in range(n_new):
        mask = torch.ones(1, total, dtype=torch.long)
        pos = torch.arange(total - x.shape[1], total).unsqueeze(0)
        res = model(x, mask, pos, past)
        past = list(res[1:])
        logits = res[0][0, -1] / temperature
        v, i = torch.topk(logits, top_k)
        nxt = int(i[torch.multinomial(torch.softmax(v, -1), 1, generator=g)])
        if nxt == tk.eot_id:
            break
        out.append(nxt)
        x = torch.tensor([[nxt]])
        total += 1
    model.train()
    return prompt + tk.decode(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="resources/demo-dataset")
    ap.add_argument("--tokenizer", default="resources/demo-model/tokenizer.json")
    ap.add_argument("--ckpt", default="/tmp/mistudio-demo/model.pt")
    ap.add_argument("--n-layer", type=int, default=4)
    ap.add_argument("--n-embd", type=int, default=256)
    ap.add_argument("--n-head", type=int, default=4)
    ap.add_argument("--ctx", type=int, default=256)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--lr", type=float, default=1.5e-3)
    ap.add_argument("--min-lr-frac", type=float, default=0.1)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-minutes", type=float, default=0,
                    help="safety stop (0 = off); the step count actually run is recorded")
    ap.add_argument("--stop-at", type=int, default=0,
                    help="stop after this many steps (LR schedule still planned for --steps); "
                         "reproduces a run that the --max-minutes safety stop ended")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    tk = Tokenizer(args.tokenizer)
    vocab = len(tk.vocab)
    t0 = time.time()
    streams = {s: tokenize_split(tk, load_split(os.path.join(args.data, f"kjv-{s}.jsonl")))
               for s in ("train", "validation", "test")}
    print(f"tokenized in {time.time() - t0:.1f}s (round-trip verified on every document): "
          + ", ".join(f"{s} {len(v)} tokens" for s, v in streams.items()), flush=True)

    cfg = H.gpt2_config(vocab, args.n_embd, args.n_layer, args.n_head, args.ctx,
                        eos=tk.eot_id)
    model = H.model_from_config(cfg)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"params {n_params} ({n_params * 4 / 1e6:.1f} MB fp32)", flush=True)

    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.95), eps=1e-8)

    def lr_at(step):
        if step < args.warmup:
            return args.lr * (step + 1) / args.warmup
        p = (step - args.warmup) / max(1, args.steps - args.warmup)
        return args.lr * (args.min_lr_frac + (1 - args.min_lr_frac) * 0.5 * (1 + math.cos(math.pi * p)))

    train = streams["train"]
    g = torch.Generator().manual_seed(args.seed)
    mask = torch.ones(args.batch, args.ctx, dtype=torch.long)
    pos = torch.arange(args.ctx).unsqueeze(0).expand(args.batch, args.ctx)
    past = H.empty_past(model, args.batch)
    model.train()
    t_train = time.time()
    log = []
    for step in range(args.steps):
        starts = torch.randint(0, len(train) - args.ctx - 1, (args.batch,), generator=g)
        xb = torch.stack([train[s: s + args.ctx] for s in starts])
        yb = torch.stack([train[s + 1: s + args.ctx + 1] for s in starts])
        for grp in opt.param_groups:
            grp["lr"] = lr_at(step)
        logits = model(xb, mask, pos, past)[0]
        loss = F.cross_entropy(logits.reshape(-1, vocab), yb.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % 25 == 0 or step == args.steps - 1:
            el = time.time() - t_train
            print(f"step {step:4d} loss {loss.item():.3f} lr {lr_at(step):.2e} "
                  f"{el:.0f}s ({(step + 1) * args.batch * args.ctx / el:.0f} tok/s)", flush=True)
            log.append({"step": step, "loss": round(loss.item(), 4), "elapsed_s": round(el, 1)})
        if args.stop_at and step + 1 >= args.stop_at:
            print(f"stopping after step {step} (--stop-at {args.stop_at})", flush=True)
            break
        if args.max_minutes and time.time() - t_train > args.max_minutes * 60:
            print(f"safety stop after step {step} (--max-minutes {args.max_minutes})", flush=True)
            break
    steps_run = step + 1
    train_time = time.time() - t_train
    print(f"training done in {train_time:.0f}s", flush=True)

    model.eval()
    ppl_val, n_val = perplexity(model, streams["validation"], args.ctx)
    ppl_test, n_test = perplexity(model, streams["test"], args.ctx)
    print(f"validation perplexity {ppl_val:.2f} over {n_val} tokens; test perplexity {ppl_test:.2f} over {n_test} tokens")
    samples = []
    for i, prompt in enumerate(["In the beginning", "And Jesus said unto them,", "The LORD is my"]):
        s = sample(model, tk, prompt, 60, seed=i)
        samples.append({"prompt": prompt, "text": s, "temperature": 0.8, "top_k": 40, "seed": i,
                        "max_new_tokens": 60})
        print("---", s)

    os.makedirs(os.path.dirname(os.path.abspath(args.ckpt)), exist_ok=True)
    stats = {"args": vars(args), "n_params": n_params, "train_time_s": round(train_time, 1),
             "tokens": {s: len(v) for s, v in streams.items()},
             "steps_run": steps_run, "tokens_seen": steps_run * args.batch * args.ctx,
             "ppl_validation": ppl_val, "ppl_test": ppl_test,
             "ppl_tokens": {"validation": n_val, "test": n_test},
             "final_loss": log[-1]["loss"], "log": log, "samples": samples,
             "torch": torch.__version__, "command": "/usr/bin/python3 " + " ".join(sys.argv)}
    torch.save({"config": cfg, "state_dict": model.state_dict(), "stats": stats}, args.ckpt)
    with open(os.path.splitext(args.ckpt)[0] + ".stats.json", "w") as f:
        json.dump(stats, f, indent=1)
    print(f"saved {args.ckpt}")


if __name__ == "__main__":
    main()
