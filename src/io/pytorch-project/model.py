"""The network of an RNN Playground run in plain PyTorch, and its model files.

The module is {rnn: nn.RNN | nn.LSTM | nn.GRU (V, H, L, bidirectional), decoder: nn.Linear(H*dirs, V)}
on one-hot input, exactly the names the playground writes, so `load_state_dict` takes its
safetensors file as it is. A classifier has `classifier: nn.Linear(H*dirs, K)` in place of the
decoder and reads the final states: the forward direction's last step beside the backward
direction's first. Two options have no torch.nn counterpart and run in OwnRecurrent below, a step
at a time: LSTM peepholes (rnn.weight_peep_l{k}, rows i, f, o) and the original GRU (Cho et al.
2014: the reset gate applied before the recurrent product).

A model file is safetensors: 8 bytes of header length, a JSON header (tensor names, shapes,
offsets and `__metadata__`, all strings), then the float32 data. The reader and writer here need
nothing but the standard library (`safetensors.torch.load_file` reads the same files).
"""
import array
import json
import os
import struct
import sys

import torch
from torch import nn

FORMAT = "rnn-playground/1"
GATES = {"rnn": 1, "lstm": 4, "gru": 3}


class ModelFileError(Exception):
    """A model file this script cannot use; the message says why."""


def read_safetensors(path):
    """The tensors (name -> float32 tensor) and the metadata (name -> string) of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ModelFileError(f"{path} is not a safetensors file (it is {len(data)} bytes long)")
    (n,) = struct.unpack("<Q", data[:8])
    try:
        header = json.loads(data[8 : 8 + n])
    except ValueError:
        raise ModelFileError(f"{path} is not a safetensors file (its header is not JSON)") from None
    meta = header.pop("__metadata__", None) or {}
    tensors = {}
    for name, t in header.items():
        if t.get("dtype") != "F32":
            raise ModelFileError(f"{path}: tensor {name} is {t.get('dtype')}; this script reads F32")
        begin, end = t["data_offsets"]
        raw = bytearray(data[8 + n + begin : 8 + n + end])
        tensors[name] = torch.frombuffer(raw, dtype=torch.float32).reshape(t["shape"]).clone()
    return tensors, meta


def f32_bytes(t):
    """A tensor's values as little-endian float32 bytes (through numpy when PyTorch has it)."""
    t = t.detach().to("cpu", torch.float32).contiguous()
    try:
        return t.numpy().astype("<f4").tobytes()
    except RuntimeError:  # a PyTorch without numpy
        values = array.array("f", t.reshape(-1).tolist())
        if sys.byteorder == "big":
            values.byteswap()
        return values.tobytes()


def write_safetensors(path, tensors, metadata):
    """Writes tensors (float32, little-endian) and metadata; to a temporary name, then renamed."""
    header, offset, blobs = {"__metadata__": metadata}, 0, []
    for name, t in tensors.items():
        blob = f32_bytes(t)
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    head = json.dumps(header).encode()
    head += b" " * (-len(head) % 8)  # the data starts at a multiple of 8
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(head)) + head + b"".join(blobs))
    os.replace(tmp, path)


def model_spec(meta, path):
    """What the metadata says the network is; a ModelFileError names what is missing."""

    def need(key):
        if key not in meta:
            raise ModelFileError(f"{path} has no '{key}' in its metadata: it is not a model file of RNN Playground")
        return meta[key]

    if need("format") != FORMAT:
        raise ModelFileError(f"{path}: metadata 'format' is {meta['format']!r}; expected {FORMAT!r}")
    spec = {
        "cell": need("cell"),
        "hidden_size": int(need("hidden_size")),
        "num_layers": int(need("num_layers")),
        "bidirectional": need("bidirectional") == "true",
        "nonlinearity": meta.get("nonlinearity", "tanh"),
        "peephole": meta.get("peephole") == "true",
        "gru_variant": meta.get("gru_variant", "pytorch"),
        "vocab": json.loads(need("vocab")),
        "mode": meta.get("mode", "lm"),
        "labels": [],
    }
    if spec["cell"] not in GATES:
        raise ModelFileError(f"{path}: unknown cell {spec['cell']!r} (rnn, lstm or gru)")
    if spec["mode"] == "classify":
        spec["labels"] = json.loads(need("labels"))
    return spec


class OwnRecurrent(nn.Module):
    """An LSTM with peepholes or the original GRU, with nn.LSTM's and nn.GRU's parameter names
    and calling convention: input (T, B, in), state (L*dirs, B, H) (a pair (h, c) for the LSTM)."""

    def __init__(self, cell, input_size, hidden_size, num_layers, bidirectional):
        super().__init__()
        self.cell, self.H, self.L, self.dirs = cell, hidden_size, num_layers, 2 if bidirectional else 1
        G = GATES[cell] * hidden_size
        for k in range(num_layers):
            n_in = input_size if k == 0 else hidden_size * self.dirs
            for sfx in self.suffixes(k):
                self.register_parameter(f"weight_ih{sfx}", nn.Parameter(torch.empty(G, n_in)))
                self.register_parameter(f"weight_hh{sfx}", nn.Parameter(torch.empty(G, hidden_size)))
                self.register_parameter(f"bias_ih{sfx}", nn.Parameter(torch.empty(G)))
                self.register_parameter(f"bias_hh{sfx}", nn.Parameter(torch.empty(G)))
                if cell == "lstm":
                    self.register_parameter(f"weight_peep{sfx}", nn.Parameter(torch.empty(3, hidden_size)))

    def suffixes(self, k):
        return [f"_l{k}", f"_l{k}_reverse"][: self.dirs]

    def step(self, sfx, xp, h, c):
        """One time step of one direction: xp = W_ih x_t + b_ih (B, G*H) -> (h_t, c_t)."""
        w_hh, b_hh = getattr(self, f"weight_hh{sfx}"), getattr(self, f"bias_hh{sfx}")
        if self.cell == "lstm":  # i, f add p_i*c_{t-1}, p_f*c_{t-1}; o adds p_o*c_t
            p = getattr(self, f"weight_peep{sfx}")
            i, f, g, o = (xp + h @ w_hh.t() + b_hh).chunk(4, 1)
            i, f, g = torch.sigmoid(i + p[0] * c), torch.sigmoid(f + p[1] * c), torch.tanh(g)
            c = f * c + i * g
            return torch.sigmoid(o + p[2] * c) * torch.tanh(c), c
        H = self.H  # the original GRU: n = tanh(W_in x + b_in + W_hn (r * h) + b_hn)
        x_r, x_z, x_n = xp.chunk(3, 1)
        h_r, h_z = (h @ w_hh[: 2 * H].t() + b_hh[: 2 * H]).chunk(2, 1)
        r, z = torch.sigmoid(x_r + h_r), torch.sigmoid(x_z + h_z)
        n = torch.tanh(x_n + (r * h) @ w_hh[2 * H :].t() + b_hh[2 * H :])
        return (1 - z) * n + z * h, None

    def forward(self, x, state=None):
        T, B, _ = x.shape
        lstm = self.cell == "lstm"
        if state is None:
            zeros = x.new_zeros(self.L * self.dirs, B, self.H)
            state = (zeros, zeros) if lstm else zeros
        h0, c0 = state if lstm else (state, state)
        h_n, c_n = [], []
        for k in range(self.L):
            outs = []
            for d, sfx in enumerate(self.suffixes(k)):
                xp = x @ getattr(self, f"weight_ih{sfx}").t() + getattr(self, f"bias_ih{sfx}")  # (T, B, G*H)
                h, c = h0[k * self.dirs + d], c0[k * self.dirs + d]
                hs = [None] * T
                for t in range(T) if d == 0 else reversed(range(T)):
                    h, c = self.step(sfx, xp[t], h, c)
                    hs[t] = h
                outs.append(torch.stack(hs))
                h_n.append(h)
                c_n.append(c)
            x = torch.cat(outs, 2)
        return x, ((torch.stack(h_n), torch.stack(c_n)) if lstm else torch.stack(h_n))


class CharRNN(nn.Module):
    """Characters in (ids, one-hot inside), logits out: at every step, or a classifier's per sequence."""

    def __init__(self, spec):
        super().__init__()
        V, H, L, bi = len(spec["vocab"]), spec["hidden_size"], spec["num_layers"], spec["bidirectional"]
        cell = spec["cell"]
        self.V, self.H, self.bidirectional, self.classify = V, H, bi, spec["mode"] == "classify"
        if (cell == "lstm" and spec["peephole"]) or (cell == "gru" and spec["gru_variant"] == "original"):
            self.rnn = OwnRecurrent(cell, V, H, L, bi)
        elif cell == "rnn":
            self.rnn = nn.RNN(V, H, L, nonlinearity=spec["nonlinearity"], bidirectional=bi)
        else:
            self.rnn = {"lstm": nn.LSTM, "gru": nn.GRU}[cell](V, H, L, bidirectional=bi)
        out = H * (2 if bi else 1)
        if self.classify:
            self.classifier = nn.Linear(out, len(spec["labels"]))
        else:
            self.decoder = nn.Linear(out, V)

    def forward(self, ids, state=None):
        """ids (T, B) -> logits (T, B, V), or (B, K) for a classifier; and the final state."""
        out, state = self.rnn(nn.functional.one_hot(ids, self.V).float(), state)
        if not self.classify:
            return self.decoder(out), state
        final = torch.cat([out[-1, :, : self.H], out[0, :, self.H :]], 1) if self.bidirectional else out[-1]
        return self.classifier(final), state


def carry(state, bidirectional):
    """The state the next window starts from: no gradient flows back into the previous window, and
    the backward direction starts from zero (it would otherwise read the stream's future)."""
    parts = state if isinstance(state, tuple) else (state,)
    parts = tuple(s.detach().clone() for s in parts)
    if bidirectional:
        for s in parts:
            s[1::2] = 0  # the state is (L*dirs, B, H): odd rows are the backward directions
    return parts if isinstance(state, tuple) else parts[0]


def load_model(path):
    """The network of a model file, its spec and its metadata."""
    tensors, meta = read_safetensors(path)
    spec = model_spec(meta, path)
    model = CharRNN(spec)
    try:
        model.load_state_dict(tensors)  # strict: every name and shape must match
    except RuntimeError as e:
        raise ModelFileError(f"{path}: its tensors do not fit the model its metadata describes ({str(e).splitlines()[0]})") from None
    return model, spec, meta
