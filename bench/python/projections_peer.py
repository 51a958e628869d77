"""Peer of bench/projections.ts: scikit-learn PCA and t-SNE on the same decoder rows.

Reads a little-endian float32 file of [n, d] rows, prints one JSON object with seconds per method.
t-SNE as ours: 2 components, perplexity 30, Barnes-Hut (theta 0.5), cosine metric, random init,
1000 iterations, early exaggeration 12, learning rate 'auto'.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE

path, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
x = np.fromfile(path, dtype="<f4").reshape(n, d)
out = {"sklearn": sklearn.__version__, "numpy": np.__version__}
t0 = time.perf_counter()
PCA(n_components=2, svd_solver="full").fit_transform(x)
out["pca_s"] = time.perf_counter() - t0
t0 = time.perf_counter()
kw = dict(n_components=2, perplexity=30.0, method="barnes_hut", angle=0.5, metric="cosine", init="random", learning_rate="auto", early_exaggeration=12.0, random_state=0)
try:
    tsne = TSNE(max_iter=1000, **kw)
except TypeError:  # scikit-learn < 1.5 names it n_iter
    tsne = TSNE(n_iter=1000, **kw)
tsne.fit_transform(x)
out["tsne_s"] = time.perf_counter() - t0
try:
    import umap  # noqa: F401

    out["umap"] = "available"
except ImportError:
    out["umap"] = None
print(json.dumps(out))
