"""Per-architecture SAE training losses for bench/python/sae_peer.py, written as SAELens (v6)
writes them: a forward pass whose backward is torch autograd, with custom autograd Functions
for the straight-through estimators. The maths is that of our ort step graphs
(src/compute/sae/ort/*-graph.ts, docs/training.md "Architectures"); where SAELens differs, the
peer follows our step (noted at the function) so both sides do the same work.

Every loss function takes the parameters p (dict of torch.nn.Parameter), the batch x [B, d_in]
and the per-run state s (dict), and returns (loss, f, extra) with f [B, d_sae] the feature
activations (for fire counts) and extra a dict of scalar metrics.
"""

import torch


def rectangle(u: torch.Tensor) -> torch.Tensor:
    """The JumpReLU STE kernel K(u) = 1 for |u| < 1/2, else 0."""
    return ((u > -0.5) & (u < 0.5)).to(u)


class JumpReLUFn(torch.autograd.Function):
    """f = pre * H(pre - theta); d f/d pre = H(pre - theta); d f/d theta = -(theta/eps) K((pre - theta)/eps) (SAELens JumpReLU)."""

    @staticmethod
    def forward(ctx, pre, theta, bandwidth: float):  # noqa: ANN001, ANN205
        ctx.save_for_backward(pre, theta)
        ctx.bandwidth = bandwidth
        return pre * (pre > theta).to(pre)

    @staticmethod
    def backward(ctx, grad):  # noqa: ANN001, ANN205
        pre, theta = ctx.saved_tensors
        eps = ctx.bandwidth
        pre_grad = (pre > theta).to(pre) * grad
        theta_grad = (-(theta / eps) * rectangle((pre - theta) / eps) * grad).sum(dim=0)
        return pre_grad, theta_grad, None


class StepFn(torch.autograd.Function):
    """H(pre - theta); no gradient into pre; d H/d theta = -(1/eps) K((pre - theta)/eps) (SAELens Step)."""

    @staticmethod
    def forward(ctx, pre, theta, bandwidth: float):  # noqa: ANN001, ANN205
        ctx.save_for_backward(pre, theta)
        ctx.bandwidth = bandwidth
        return (pre > theta).to(pre)

    @staticmethod
    def backward(ctx, grad):  # noqa: ANN001, ANN205
        pre, theta = ctx.saved_tensors
        eps = ctx.bandwidth
        theta_grad = (-(1.0 / eps) * rectangle((pre - theta) / eps) * grad).sum(dim=0)
        return torch.zeros_like(pre), theta_grad, None


def mse_of(x_hat: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """SAELens: mse_loss(reduction='none').sum(-1).mean()."""
    return (x_hat - x).pow(2).sum(-1).mean()


def aux_k(p, x, x_hat, pre, s):  # noqa: ANN001, ANN201
    """AuxK (Gao et al. 2024, SAELens topk_sae): the top k_aux dead latents (no ReLU) reconstruct
    the detached residual x - x_hat through the decoder; scaled by c * min(#dead / k_aux, 1)."""
    dead = s["tokens_since_fired"] >= s["dead_window"]
    num_dead = int(dead.sum())
    if num_dead == 0 or s["aux_coefficient"] == 0:
        return x_hat.new_zeros(())
    k_aux = min(s["k_aux"], num_dead)
    scale = min(num_dead / s["k_aux"], 1.0)
    residual = (x - x_hat).detach()
    masked = torch.where(dead[None], pre, pre.new_tensor(-float("inf")))
    top = masked.topk(k_aux, dim=-1, sorted=False)
    a = torch.zeros_like(pre).scatter(-1, top.indices, top.values)
    recons = a @ p["W_dec"] + p["b_dec"]
    return s["aux_coefficient"] * scale * (recons - residual).pow(2).sum(-1).mean()


def standard(p, x, s):  # noqa: ANN001, ANN201
    """ReLU; loss = mse + lambda * sum_i f_i ||W_dec[i]||, token mean (SAELens StandardTrainingSAE)."""
    pre = (x - p["b_dec"]) @ p["W_enc"] + p["b_enc"]
    f = torch.relu(pre)
    x_hat = f @ p["W_dec"] + p["b_dec"]
    mse = mse_of(x_hat, x)
    l1 = (f * p["W_dec"].norm(dim=1)).sum(-1).mean()
    return mse + s["l1_coefficient"] * l1, f, {"mse": mse, "x_hat": x_hat}


def topk(p, x, s):  # noqa: ANN001, ANN201
    """TopK per token, then ReLU, scattered into zeros; loss = mse + AuxK (SAELens TopKTrainingSAE)."""
    pre = (x - p["b_dec"]) @ p["W_enc"] + p["b_enc"]
    top = pre.topk(s["k"], dim=-1, sorted=False)
    f = torch.zeros_like(pre).scatter(-1, top.indices, torch.relu(top.values))
    x_hat = f @ p["W_dec"] + p["b_dec"]
    mse = mse_of(x_hat, x)
    aux = aux_k(p, x, x_hat, pre, s)
    return mse + aux, f, {"mse": mse, "aux": aux, "x_hat": x_hat}


def batchtopk(p, x, s):  # noqa: ANN001, ANN201
    """ReLU, then the int(k*B) largest activations of the whole batch (SAELens BatchTopK; sorted=False
    as our graph: the order is never used). Then the threshold update from the smallest kept
    positive activation, taken from the top-k values (SAELens takes the same minimum over f)."""
    pre = (x - p["b_dec"]) @ p["W_enc"] + p["b_enc"]
    f = batch_topk_code(pre, s)
    x_hat = f @ p["W_dec"] + p["b_dec"]
    mse = mse_of(x_hat, x)
    aux = aux_k(p, x, x_hat, pre, s)
    return mse + aux, f, {"mse": mse, "aux": aux, "x_hat": x_hat}


def batch_topk_code(pre: torch.Tensor, s: dict) -> torch.Tensor:
    """ReLU, the int(k*B) largest of the whole batch scattered into zeros, and the threshold's
    running mean updated from the smallest kept positive activation (SAELens update_topk_threshold)."""
    acts = torch.relu(pre)
    flat = acts.flatten()
    top = flat.topk(int(s["k"] * acts.shape[0]), dim=-1, sorted=False)
    f = torch.zeros_like(flat).scatter(-1, top.indices, top.values).reshape(acts.shape)
    with torch.no_grad():
        positive = top.values[top.values > 0]
        if positive.numel() > 0:
            rate = s["topk_threshold_lr"]
            s["topk_threshold"] = (1 - rate) * s["topk_threshold"] + rate * float(positive.min())
    return f


def matryoshka(p, x, s):  # noqa: ANN001, ANN201
    """BatchTopK's f (and threshold update, AuxK on the full residual), decoded in nested prefixes
    (SAELens MatryoshkaBatchTopKTrainingSAE._iterable_decode): x_hat_j = b_dec + sum over the groups
    of the first w_j latents; loss = the full mse + every inner level's mse."""
    pre = (x - p["b_dec"]) @ p["W_enc"] + p["b_enc"]
    f = batch_topk_code(pre, s)
    decoded, start, inner = p["b_dec"], 0, []
    for width in s["matryoshka_widths"]:
        decoded = decoded + f[:, start:width] @ p["W_dec"][start:width]
        inner.append(decoded)
        start = width
    x_hat = inner.pop()
    mse = mse_of(x_hat, x)
    aux = aux_k(p, x, x_hat, pre, s)
    loss = mse + aux + sum(mse_of(level, x) for level in inner)
    return loss, f, {"mse": mse, "aux": aux, "x_hat": x_hat}


def jumprelu(p, x, s):  # noqa: ANN001, ANN201
    """f = JumpReLU(pre; theta), theta = exp(log_threshold); loss = mse + lambda * L0 with L0 through
    the Step STE (SAELens JumpReLUTrainingSAE, rectangle kernel)."""
    pre = (x - p["b_dec"]) @ p["W_enc"] + p["b_enc"]
    theta = p["log_threshold"].exp()
    f = JumpReLUFn.apply(pre, theta, s["bandwidth"])
    x_hat = f @ p["W_dec"] + p["b_dec"]
    mse = mse_of(x_hat, x)
    l0 = StepFn.apply(pre, theta, s["bandwidth"]).sum(dim=-1).mean()
    return mse + s["l0_coefficient"] * l0, f, {"mse": mse, "x_hat": x_hat}


def gated(p, x, s):  # noqa: ANN001, ANN201
    """Gated SAE (SAELens GatedTrainingSAE; b_enc holds b_gate). As our graph: pi_mag reuses
    P = xc W_enc (P * exp r_mag = xc (W_enc * exp r_mag); SAELens forms the second product), and the
    aux reconstruction goes through the frozen decoder (the paper's stop-gradient)."""
    xc = x - p["b_dec"]
    P = xc @ p["W_enc"]
    pi_gate = P + p["b_enc"]
    pi_mag = P * p["r_mag"].exp() + p["b_mag"]
    f = (pi_gate > 0).to(P) * torch.relu(pi_mag)
    x_hat = f @ p["W_dec"] + p["b_dec"]
    mse = mse_of(x_hat, x)
    r = torch.relu(pi_gate)
    l1 = (r * p["W_dec"].norm(dim=1)).sum(-1).mean()
    via_gate = r @ p["W_dec"].detach() + p["b_dec"].detach()
    aux = (via_gate - x).pow(2).sum(-1).mean()
    return mse + s["l1_coefficient"] * l1 + aux, f, {"mse": mse, "aux": aux, "x_hat": x_hat}


LOSSES = {"standard": standard, "topk": topk, "batchtopk": batchtopk, "matryoshka": matryoshka, "jumprelu": jumprelu, "gated": gated}
EXTRA_PARAMS = {"jumprelu": ["log_threshold"], "gated": ["r_mag", "b_mag"]}
