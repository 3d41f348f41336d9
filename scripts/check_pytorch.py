"""Checks that exported models load into torch.nn.RNN/LSTM/GRU + torch.nn.Linear with
load_state_dict and compute the same loss as the playground's engine.

    python3 scripts/check_pytorch.py MODEL.safetensors TEXT_FILE EXPECTED_LOSS

Loads MODEL exactly as the README's snippet does (with a minimal safetensors reader when the
`safetensors` package is missing), runs TEXT_FILE through it from zero state as one window, and
compares the mean cross-entropy with EXPECTED_LOSS (from `rnn-playground eval --json`).
A classifier (mode classify) reads each `sentence<TAB>label` line of TEXT_FILE and is scored on
its label from the final states: out[-1, :, :H] beside out[0, :, H:] when bidirectional.
"""
import json
import struct
import sys

import torch


def load_file(path):
    """safetensors.torch.load_file, for machines without the package (F32 only)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    header.pop("__metadata__", None)
    base = 8 + n
    return {
        name: torch.frombuffer(bytearray(data[base + t["data_offsets"][0] : base + t["data_offsets"][1]]), dtype=torch.float32).reshape(t["shape"])
        for name, t in header.items()
    }


def metadata(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        return json.loads(f.read(n))["__metadata__"]


def build(path):
    meta = metadata(path)
    vocab = json.loads(meta["vocab"])
    V, H, L = len(vocab), int(meta["hidden_size"]), int(meta["num_layers"])
    bi = meta["bidirectional"] == "true"
    if meta["cell"] == "rnn":
        rnn = torch.nn.RNN(V, H, L, nonlinearity=meta["nonlinearity"], bidirectional=bi)
    elif meta["cell"] == "lstm":
        rnn = torch.nn.LSTM(V, H, L, bidirectional=bi)
    else:
        rnn = torch.nn.GRU(V, H, L, bidirectional=bi)
    if meta.get("mode") == "classify":
        head = {"classifier": torch.nn.Linear(H * (2 if bi else 1), len(json.loads(meta["labels"])))}
    else:
        head = {"decoder": torch.nn.Linear(H * (2 if bi else 1), V)}
    model = torch.nn.ModuleDict({"rnn": rnn, **head})
    model.load_state_dict(load_file(path))  # strict: every name and shape must match
    return model, vocab


def classifier_loss(path, model, vocab, text_path):
    """Mean cross-entropy of the labels of TEXT_FILE's `sentence<TAB>label` lines."""
    meta = metadata(path)
    labels = json.loads(meta["labels"])
    H = int(meta["hidden_size"])
    bi = meta["bidirectional"] == "true"
    losses = []
    with open(text_path, encoding="utf-8") as f:
        for line in f.read().splitlines():
            if "\t" not in line:
                continue
            sentence, label = line.rsplit("\t", 1)
            ids = [vocab.index(c) for c in sentence.strip() if c in vocab]
            x = torch.nn.functional.one_hot(torch.tensor(ids), len(vocab)).float().unsqueeze(1)  # (T, 1, V)
            with torch.no_grad():
                out, _ = model["rnn"](x)
                final = torch.cat([out[-1, :, :H], out[0, :, H:]], dim=1) if bi else out[-1]
                logits = model["classifier"](final)
                losses.append(torch.nn.functional.cross_entropy(logits, torch.tensor([labels.index(label.strip())])).item())
    return sum(losses) / len(losses)


def main():
    path, text_path, expected = sys.argv[1], sys.argv[2], float(sys.argv[3])
    model, vocab = build(path)
    if "classifier" in model:
        loss = classifier_loss(path, model, vocab, text_path)
        rel = abs(loss - expected) / expected
        print(f"{path}: torch loss {loss:.6f}, engine {expected:.6f}, relative difference {rel:.2e}")
        sys.exit(0 if rel < 1e-4 else 1)
    with open(text_path, encoding="utf-8") as f:
        ids = [vocab.index(c) for c in f.read() if c in vocab]
    x = torch.nn.functional.one_hot(torch.tensor(ids[:-1]), len(vocab)).float().unsqueeze(1)  # (T, 1, V)
    with torch.no_grad():
        out, _ = model["rnn"](x)
        loss = torch.nn.functional.cross_entropy(model["decoder"](out[:, 0]), torch.tensor(ids[1:])).item()
    rel = abs(loss - expected) / expected
    print(f"{path}: torch loss {loss:.6f}, engine {expected:.6f}, relative difference {rel:.2e}")
    sys.exit(0 if rel < 1e-4 else 1)


if __name__ == "__main__":
    main()
