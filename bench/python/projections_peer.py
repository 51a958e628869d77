"""Peer of bench/projections.ts: scikit-learn PCA and t-SNE on the same decoder rows.

Reads a little-endian float32 file of [n, d] rows; writes each method's 2-D map as float64 [n, 2]
next to it (<file>.pca.f64, <file>.tsne.f64) so the bench scores both sides alike, and prints one
JSON object with wall seconds and CPU seconds (all threads) per method.
t-SNE as ours: 2 components, perplexity 30 (91 = 3·30 + 1 neighbours), Barnes-Hut (theta 0.5),
cosine metric, random init (1e-4 · N(0, 1)), 1000 iterations, early exaggeration 12 for 250,
learning rate 'auto' = max(n / 12 / 4, 50).
"""
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE

path, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
x = np.fromfile(path, dtype="<f4").reshape(n, d)
out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "cpus": os.cpu_count()}


def timed(name, fn):
    w0, c0 = time.perf_counter(), time.process_time()
    y = fn()
    out[name + "_s"] = time.perf_counter() - w0
    out[name + "_cpu_s"] = time.process_time() - c0
    np.asarray(y, dtype="<f8").tofile(f"{path}.{name}.f64")
    return y


timed("pca", lambda: PCA(n_components=2, svd_solver="full").fit_transform(x))
kw = dict(n_components=2, perplexity=30.0, method="barnes_hut", angle=0.5, metric="cosine", init="random", learning_rate="auto", early_exaggeration=12.0, random_state=0, n_iter_without_progress=1000, min_grad_norm=0.0)
try:
    tsne = TSNE(max_iter=1000, **kw)
except TypeError:  # scikit-learn < 1.5 names it n_iter
    tsne = TSNE(n_iter=1000, **kw)
timed("tsne", lambda: tsne.fit_transform(x))
out["tsne_iterations"] = int(tsne.n_iter_) + 1  # n_iter_ is the last iteration's index
out["tsne_kl"] = float(tsne.kl_divergence_)
try:
    import umap  # noqa: F401

    out["umap"] = "available"
except ImportError:
    out["umap"] = None
print(json.dumps(out))
