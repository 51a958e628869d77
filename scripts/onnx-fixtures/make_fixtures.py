#!/usr/bin/python3
"""Make the small ONNX fixtures for src/compute/onnx tests (committed; tests need no Python).

Run with Debian's python (onnx 1.12, torch 1.13):
    /usr/bin/python3 scripts/onnx-fixtures/make_fixtures.py
Writes fixtures/onnx/:
  mlp.onnx, mlp.reference.json       torch.onnx.export of a 2-layer MLP + torch activations
  kitchen-sink.onnx, kitchen-sink.ext.bin, kitchen-sink.expected.json
                                     onnx.helper model exercising every attribute kind, a subgraph
                                     (If), FLOAT16/INT8/external initializers, metadata, training
                                     info, functions, and fields onnx 1.12 does not know (newer
                                     spec fields + truly unknown ones, injected as raw bytes).
"""
import json
import os
import struct

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "fixtures", "onnx")


# --- raw protobuf bits, to inject fields this onnx version does not know -------------------
def varint(n):
    n &= (1 << 64) - 1  # negatives: 10-byte two's complement, as protobuf writes int32/int64
    out = bytearray()
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def key(field, wire):
    return varint(field << 3 | wire)


def f_varint(field, n):
    return key(field, 0) + varint(n)


def f_bytes(field, b):
    if isinstance(b, str):
        b = b.encode()
    return key(field, 2) + varint(len(b)) + b


def f_fixed32(field, v):
    return key(field, 5) + struct.pack("<f", v)


def f_fixed64(field, v):
    return key(field, 1) + struct.pack("<d", v)


def entry(k, v):
    return f_bytes(1, k) + f_bytes(2, v)


# --- 1. a tiny torch MLP ---------------------------------------------------------------------
class MLP(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(8, 16)
        self.act = torch.nn.ReLU()
        self.fc2 = torch.nn.Linear(16, 4)

    def forward(self, x):  # x [batch, 8] -> [batch, 4]
        return self.fc2(self.act(self.fc1(x)))


def make_mlp():
    torch.manual_seed(0)
    model = MLP().eval()
    x = torch.randn(3, 8)
    path = os.path.join(OUT, "mlp.onnx")
    torch.onnx.export(model, (x,), path, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=14)
    m = onnx.load(path)
    relu = [n for n in m.graph.node if n.op_type == "Relu"][0]
    with torch.no_grad():
        hidden = model.act(model.fc1(x))  # [3, 16]
        y = model.fc2(hidden)  # [3, 4]
        delta = torch.linspace(-1, 1, 16)  # [16], broadcast over batch
        y_delta = model.fc2(hidden + delta)
    ref = {
        "hiddenTensor": relu.output[0],
        "x": x.flatten().tolist(), "xShape": list(x.shape),
        "hidden": hidden.flatten().tolist(), "y": y.flatten().tolist(),
        "delta": delta.tolist(), "yDelta": y_delta.flatten().tolist(),
    }
    with open(os.path.join(OUT, "mlp.reference.json"), "w") as fh:
        json.dump(ref, fh, indent=1)


# --- 2. a helper-built model with a bit of everything ----------------------------------------
def make_kitchen_sink():
    f16_vals = np.array([0.5, -1.25, 65504.0, 6.1035156e-05, 5.9604645e-08, -0.0], dtype=np.float16)
    w16 = numpy_helper.from_array(f16_vals, "w_fp16_raw")  # raw_data
    w16_int32 = helper.make_tensor("w_fp16_int32", TensorProto.FLOAT16, [2, 3], f16_vals.astype(np.float32).tolist())  # helper stores half bit patterns in int32_data
    w_float_data = helper.make_tensor("w_float_data", TensorProto.FLOAT, [2, 2], [1.0, -2.0, 3.5, 1e-3])
    q_vals = np.array([-128, -1, 0, 5, 127], dtype=np.int8)
    w_int8 = numpy_helper.from_array(q_vals, "w_int8")
    w_int64 = helper.make_tensor("w_int64", TensorProto.INT64, [3], [-1, 9223372036854775807, 5])
    ext = np.array([1.5, 2.5, -3.5, 4.0], dtype=np.float32)
    with open(os.path.join(OUT, "kitchen-sink.ext.bin"), "wb") as fh:
        fh.write(b"\0" * 8 + ext.tobytes())
    w_ext = TensorProto(name="w_external", data_type=TensorProto.FLOAT, dims=[4], data_location=TensorProto.EXTERNAL)
    for k, v in [("location", "kitchen-sink.ext.bin"), ("offset", "8"), ("length", "16")]:
        e = w_ext.external_data.add()
        e.key, e.value = k, v
    seg = helper.make_tensor("w_segment", TensorProto.FLOAT, [2], [7.0, 8.0])
    seg.segment.begin, seg.segment.end = 0, 2

    sparse = helper.make_sparse_tensor(
        helper.make_tensor("sp_values", TensorProto.FLOAT, [2], [1.0, 2.0]),
        helper.make_tensor("sp_indices", TensorProto.INT64, [2], [1, 3]), [4])

    then_g = helper.make_graph([helper.make_node("Identity", ["x"], ["then_out"])], "then",
                               [], [helper.make_tensor_value_info("then_out", TensorProto.FLOAT, [2])])
    else_g = helper.make_graph([helper.make_node("Neg", ["x"], ["else_out"])], "else",
                               [], [helper.make_tensor_value_info("else_out", TensorProto.FLOAT, [2])])
    if_node = helper.make_node("If", ["cond"], ["if_out"], name="branch", then_branch=then_g, else_branch=else_g)

    tp = helper.make_sequence_type_proto(helper.make_tensor_type_proto(TensorProto.FLOAT, ["n", 2]))
    every = helper.make_node(
        "Everything", ["x"], ["ev_out"], name="every_attr", domain="test.mistudio",
        a_float=0.25, a_int=-7, a_string="héllo", a_tensor=helper.make_tensor("t", TensorProto.FLOAT, [1], [3.0]),
        a_graph=then_g, a_floats=[1.5, -2.0], a_ints=[-1, 0, 9223372036854775807], a_strings=["a", "bc"],
        a_tensors=[w_float_data], a_graphs=[then_g, else_g])
    for name, kind, setter in [
        ("a_sparse", onnx.AttributeProto.SPARSE_TENSOR, lambda a: a.sparse_tensor.CopyFrom(sparse)),
        ("a_sparses", onnx.AttributeProto.SPARSE_TENSORS, lambda a: a.sparse_tensors.extend([sparse, sparse])),
        ("a_type", onnx.AttributeProto.TYPE_PROTO, lambda a: a.tp.CopyFrom(tp)),
        ("a_types", onnx.AttributeProto.TYPE_PROTOS, lambda a: a.type_protos.extend([tp, tp])),
    ]:
        a = every.attribute.add()
        a.name, a.type = name, kind
        setter(a)
    ref_attr = every.attribute.add()
    ref_attr.name, ref_attr.ref_attr_name, ref_attr.type = "a_ref", "outer", onnx.AttributeProto.INT

    # Newer-spec fields (known to miStudio, unknown to onnx 1.12) and truly unknown ones.
    every.MergeFromString(
        f_bytes(9, entry("node_meta", "yes"))  # NodeProto.metadata_props
        + f_bytes(10, f_bytes(1, "cfg0") + f_bytes(2, f_bytes(1, "x") + f_bytes(2, varint(0) + varint(1))) + f_varint(3, -1))  # sharding device packed [0, 1]; pipeline_stage -1 (10-byte int32)
        + f_bytes(200, b"\x01\x02future")  # unknown LEN field
        + f_varint(201, 1 << 60))  # unknown varint beyond 2^53
    w_float_data.MergeFromString(f_fixed32(30, 1.5) + f_bytes(16, entry("tensor_meta", "1")))

    map_vi = onnx.ValueInfoProto(name="map_value")
    map_vi.type.map_type.key_type = TensorProto.INT64
    map_vi.type.map_type.value_type.CopyFrom(helper.make_tensor_type_proto(TensorProto.FLOAT, [None, "d"]))
    opt_vi = onnx.ValueInfoProto(name="opt_value")
    opt_vi.type.optional_type.elem_type.CopyFrom(helper.make_tensor_type_proto(TensorProto.FLOAT, [3]))
    seq_vi = helper.make_value_info("seq_value", tp)
    sp_vi = onnx.ValueInfoProto(name="sparse_value")
    sp_vi.type.sparse_tensor_type.elem_type = TensorProto.FLOAT
    sp_vi.type.sparse_tensor_type.shape.dim.add().dim_value = 4

    graph = helper.make_graph(
        [if_node, every, helper.make_node("Add", ["if_out", "w_segment"], ["y"], name="add")],
        "kitchen_sink",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 2]),
         helper.make_tensor_value_info("cond", TensorProto.BOOL, [])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])],
        initializer=[w16, w16_int32, w_float_data, w_int8, w_int64, w_ext, seg],
        value_info=[map_vi, opt_vi, seq_vi, sp_vi], doc_string="every field, once")
    graph.sparse_initializer.append(sparse)
    qa = graph.quantization_annotation.add()
    qa.tensor_name = "w_int8"
    qp = qa.quant_parameter_tensor_names.add()
    qp.key, qp.value = "SCALE_TENSOR", "w_scale"
    graph.MergeFromString(f_fixed64(40, 2.75) + f_bytes(16, entry("graph_meta", "g")))  # unknown fixed64; GraphProto.metadata_props

    fn = helper.make_function("test.mistudio", "Twice", ["a"], ["b"],
                              [helper.make_node("Add", ["a", "a"], ["b"])], [helper.make_opsetid("", 14)], ["alpha"])
    fn.MergeFromString(f_bytes(13, "ov1") + f_bytes(12, f_bytes(1, "a")))  # FunctionProto.overload, value_info
    model = helper.make_model(graph, producer_name="mistudio-fixtures", opset_imports=[
        helper.make_opsetid("", 14), helper.make_opsetid("test.mistudio", 1)], functions=[fn])
    helper.set_model_props(model, {"author": "miStudio", "purpose": "round-trip"})
    ti = model.training_info.add()
    ti.algorithm.CopyFrom(else_g)
    b = ti.update_binding.add()
    b.key, b.value = "w_segment", "else_out"
    model.MergeFromString(
        f_bytes(26, f_bytes(1, "two_gpus") + f_varint(2, 2) + f_bytes(3, "cuda:0") + f_bytes(3, "cuda:1"))  # ModelProto.configuration
        + f_varint(99, 12345) + f_bytes(98, b"tail"))  # unknown
    with open(os.path.join(OUT, "kitchen-sink.onnx"), "wb") as fh:
        fh.write(model.SerializeToString())
    expected = {
        "fp16": [float(v) for v in f16_vals.astype(np.float32)],
        "floatData": [1.0, -2.0, 3.5, 1e-3],
        "int8": q_vals.tolist(),
        "external": ext.tolist(),
        "unknown": {"model": [99, 98], "graph": [40], "node": [200, 201], "tensor": [30]},
    }
    with open(os.path.join(OUT, "kitchen-sink.expected.json"), "w") as fh:
        json.dump(expected, fh, indent=1)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    make_mlp()
    make_kitchen_sink()
    print("wrote", sorted(os.listdir(OUT)))
