"""Reference values from PyTorch for the CPU reference (src/model): tests/fixtures/pytorch-*.json.

    /usr/bin/python3 scripts/pytorch_fixtures.py          # (re)writes the fixtures
    /usr/bin/python3 scripts/pytorch_fixtures.py --check  # recomputes them and compares, exit 1 if stale

Needs torch (Debian: `apt-get install python3-torch`, which lands in /usr/bin/python3).
tests/unit/pytorch-reference.test.ts reads the fixtures; it recomputes the SHA-256 of this file and
fails when it differs from the `generator_sha256` in a fixture (edit this script, rerun it), and it
runs `--check` when torch can be imported.

Each fixture is one model {rnn: nn.RNN (tanh | relu) | nn.LSTM | nn.GRU (V, H, 2 layers,
bidirectional), decoder: nn.Linear(2H, V)} on one-hot input, in float64, with every parameter from
the formula PARAM below over the flat state_dict order (the project's flat layout has the same order),
and records:
- `batch`: a (T, B) = (4, 2) time-major window with a carried initial state (the forward directions'
  h0 and c0 from STATE below; the reverse directions start from zero, as the engine's do) and one
  target of -1 that does not count (ignore_index): the mean loss and every parameter's gradient;
- `runs` (RNN tanh and LSTM): two training steps on that same window from the same start with each optimizer
  (torch.optim.SGD, Adam, RMSprop with their default constants, which src/model/optim.ts uses), and
  on the RNN with clipping by norm and by value (torch.nn.utils.clip_grad_norm_ / clip_grad_value_)
  applied before the update: both losses and each parameter's change after the two steps
  (p_2 - p_0). PyTorch's update rules and src/model/optim.ts agree term by term (Adam's eps is added
  to sqrt(v_hat); RMSprop's to sqrt(v)); clip_grad_norm_ multiplies by min(1, c / (norm + 1e-6))
  while src/model/clip.ts scales only when norm > c, the same for every norm not in (c, c + 1e-6];
- `trace`: one window with B = 1 from a zero state, run cell by cell (nn.RNNCell / LSTMCell /
  GRUCell holding the module's weights, asserted equal to the module's output): per layer and
  direction h_t, c_t and the norms of dL/dh_t and dL/dc_t (the whole gradient: from the layer above
  or the decoder and from step t+1), for the mean loss over every step and for the last step's
  loss alone, and the softmax probabilities of every step.
Numbers are written with 10 significant digits.
"""
import hashlib
import json
import math
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "fixtures")

V, L, T, B = 5, 2, 4, 2
INPUTS = [[0, 3], [2, 2], [4, 1], [1, 0]]  # (T, B)
TARGETS = [[2, 1], [4, -1], [1, 0], [3, 4]]  # (T, B); -1 does not count
TRACE_IDS = [1, 4, 0, 2, 3, 1]  # a window of 6 ids: inputs ids[:-1], targets ids[1:]
LR = {"sgd": 0.5, "adam": 0.05, "rmsprop": 0.01}

MODELS = [
    # name, cell, nonlinearity, H, runs: (optimizer, clip mode, clip value). The optimizers and the
    # clipping work on the flat buffer whatever the cell: two models run them, to keep files small.
    ("rnn-tanh", "rnn", "tanh", 3, [("sgd", "none", 0), ("adam", "none", 0), ("rmsprop", "none", 0), ("sgd", "norm", 0.5), ("sgd", "value", 0.02)]),
    ("rnn-relu", "rnn", "relu", 3, []),
    ("lstm", "lstm", "tanh", 2, [("sgd", "none", 0), ("adam", "none", 0), ("rmsprop", "none", 0)]),
    ("gru", "gru", "tanh", 3, []),
]

PARAM = "p[i] = 1.6 * (((389 * i + 11) % 1009) / 1009 - 0.5), i over the flat state_dict order"
STATE = "s[l][k] = 0.9 * (((97 * k + 31 * l + 5) % 101) / 101 - 0.5), k over (B, H) row-major, layer l's forward direction"


def param(i):
    return 1.6 * (((389 * i + 11) % 1009) / 1009 - 0.5)


def state(l, k):
    return 0.9 * (((97 * k + 31 * l + 5) % 101) / 101 - 0.5)


def num(x):
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"non-finite value {x}")
    return float(f"{x:.10g}")


def flat(t):
    return [num(x) for x in t.detach().reshape(-1).tolist()]


def build(cell, nonlinearity, H):
    torch.manual_seed(0)  # every value is overwritten below
    if cell == "rnn":
        rnn = torch.nn.RNN(V, H, L, nonlinearity=nonlinearity, bidirectional=True)
    elif cell == "lstm":
        rnn = torch.nn.LSTM(V, H, L, bidirectional=True)
    else:
        rnn = torch.nn.GRU(V, H, L, bidirectional=True)
    model = torch.nn.ModuleDict({"rnn": rnn, "decoder": torch.nn.Linear(2 * H, V)}).double()
    i = 0
    with torch.no_grad():
        for _, p in model.named_parameters():
            n = p.numel()
            p.copy_(torch.tensor([param(i + k) for k in range(n)], dtype=torch.float64).reshape(p.shape))
            i += n
    return model


def initial_state(cell, H):
    """(L*2, B, H) with the forward directions from STATE and the reverse directions zero."""
    s = torch.zeros(L * 2, B, H, dtype=torch.float64)
    for l in range(L):
        s[2 * l] = torch.tensor([state(l, k) for k in range(B * H)], dtype=torch.float64).reshape(B, H)
    return (s, s.clone()) if cell == "lstm" else s


def one_hot(ids):
    return torch.nn.functional.one_hot(torch.tensor(ids), V).double()


def batch_loss(model, cell, H):
    out, _ = model["rnn"](one_hot(INPUTS), initial_state(cell, H))  # (T, B, 2H)
    logits = model["decoder"](out).reshape(T * B, V)
    return torch.nn.functional.cross_entropy(logits, torch.tensor(TARGETS).reshape(-1), ignore_index=-1)


def run(cell, nonlinearity, H, optimizer, clip_mode, clip_value):
    model = build(cell, nonlinearity, H)
    start = {n: p.detach().clone() for n, p in model.named_parameters()}
    opt = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "rmsprop": torch.optim.RMSprop}[optimizer](model.parameters(), lr=LR[optimizer])
    losses, clipped = [], []
    for _ in range(2):
        opt.zero_grad()
        loss = batch_loss(model, cell, H)
        loss.backward()
        if clip_mode == "norm":
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), clip_value)
            clipped.append(bool(norm > clip_value))
        elif clip_mode == "value":
            clipped.append(any(bool((p.grad.abs() > clip_value).any()) for p in model.parameters()))
            torch.nn.utils.clip_grad_value_(model.parameters(), clip_value)
        opt.step()
        losses.append(num(loss))
    if clip_mode != "none" and not all(clipped):
        raise AssertionError(f"{cell} {optimizer} {clip_mode}: the threshold must clip both steps")
    change = {n: flat(p - start[n]) for n, p in model.named_parameters()}
    return {"optimizer": optimizer, "learningRate": LR[optimizer], "clipMode": clip_mode, "clipValue": clip_value, "losses": losses, "change": change}


def cells_of(model, cell, nonlinearity, H):
    """One nn.*Cell per (layer, direction) holding the module's weights."""
    out = []
    for l in range(L):
        row = []
        for sfx in ("", "_reverse"):
            size = V if l == 0 else 2 * H
            c = {"rnn": lambda: torch.nn.RNNCell(size, H, nonlinearity=nonlinearity), "lstm": lambda: torch.nn.LSTMCell(size, H), "gru": lambda: torch.nn.GRUCell(size, H)}[cell]().double()
            with torch.no_grad():
                for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                    getattr(c, name).copy_(getattr(model["rnn"], f"{name}_l{l}{sfx}"))
            row.append(c)
        out.append(row)
    return out


def trace(model, cell, nonlinearity, H, loss_at):
    """The window TRACE_IDS with B = 1 from zero state, step by step, keeping every h_t and c_t."""
    cells = cells_of(model, cell, nonlinearity, H)
    inputs, targets = TRACE_IDS[:-1], TRACE_IDS[1:]
    n = len(inputs)
    x = [one_hot([i]) for i in inputs]  # each (1, V)
    hs, cs = [], []
    for l in range(L):
        hl, cl = [], []
        for d in range(2):
            h = torch.zeros(1, H, dtype=torch.float64)
            c = torch.zeros(1, H, dtype=torch.float64)
            ht, ct = [None] * n, [None] * n
            for s in range(n):
                t = s if d == 0 else n - 1 - s
                if cell == "lstm":
                    h, c = cells[l][d](x[t], (h, c))
                    c.retain_grad()
                    ct[t] = c
                else:
                    h = cells[l][d](x[t], h)
                h.retain_grad()
                ht[t] = h
            hl.append(ht)
            cl.append(ct)
        hs.append(hl)
        cs.append(cl)
        x = [torch.cat([hl[0][t], hl[1][t]], dim=1) for t in range(n)]
    out = torch.cat(x, dim=0)  # (T, 2H)
    whole, _ = model["rnn"](one_hot([[i] for i in inputs]))
    if not torch.allclose(out, whole.reshape(n, 2 * H), rtol=0, atol=1e-12):
        raise AssertionError(f"{cell}: the cells step by step differ from the module")
    logits = model["decoder"](out)
    y = torch.tensor([t if (loss_at == "all" or k == n - 1) else -1 for k, t in enumerate(targets)])
    loss = torch.nn.functional.cross_entropy(logits, y, ignore_index=-1)
    loss.backward()
    per_dir = lambda f: [[f(l, d) for d in range(2)] for l in range(L)]
    result = {
        "loss": num(loss),
        "h": per_dir(lambda l, d: [num(v) for t in range(n) for v in hs[l][d][t].reshape(-1).tolist()]),
        "dhNorm": per_dir(lambda l, d: [num(hs[l][d][t].grad.norm()) for t in range(n)]),
        "probs": flat(torch.softmax(logits, dim=1)),
    }
    if cell == "lstm":
        result["c"] = per_dir(lambda l, d: [num(v) for t in range(n) for v in cs[l][d][t].reshape(-1).tolist()])
        result["dcNorm"] = per_dir(lambda l, d: [num(cs[l][d][t].grad.norm()) for t in range(n)])
    return result


def source_sha256():
    with open(os.path.abspath(__file__), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def fixture(name, cell, nonlinearity, H, runs):
    torch.set_default_dtype(torch.float64)
    model = build(cell, nonlinearity, H)
    loss = batch_loss(model, cell, H)
    loss.backward()
    grads = {n: flat(p.grad) for n, p in model.named_parameters()}
    s0 = initial_state(cell, H)
    h0 = s0[0] if cell == "lstm" else s0
    return {
        "generator": "scripts/pytorch_fixtures.py",
        "generator_sha256": source_sha256(),
        "torch": torch.__version__,
        "model": {"cell": cell, "nonlinearity": nonlinearity, "hiddenSize": H, "numLayers": L, "bidirectional": True, "vocabSize": V},
        "params": PARAM,
        "initialState": STATE,
        "batch": {
            "T": T,
            "B": B,
            "inputs": [i for row in INPUTS for i in row],
            "targets": [i for row in TARGETS for i in row],
            "h0": [flat(h0[2 * l]) for l in range(L)],
            "loss": num(loss),
            "grad": grads,
        },
        "runs": [run(cell, nonlinearity, H, *r) for r in runs],
        "trace": {"ids": TRACE_IDS, "all": trace(build(cell, nonlinearity, H), cell, nonlinearity, H, "all"), "last": trace(build(cell, nonlinearity, H), cell, nonlinearity, H, "last")},
    }


def close(a, b, path=""):
    """Same structure, numbers within 1e-9 relative (or 1e-12 absolute): the regenerated values."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(close(a[k], b[k], f"{path}.{k}") for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(close(x, y, f"{path}[{i}]") for i, (x, y) in enumerate(zip(a, b)))
    if isinstance(a, float) or isinstance(b, float):
        ok = isinstance(b, (int, float)) and abs(a - b) <= 1e-12 + 1e-9 * abs(b)
        if not ok:
            print(f"  {path}: committed {b}, now {a}", file=sys.stderr)
        return ok
    return a == b


def main():
    check = "--check" in sys.argv[1:]
    os.makedirs(OUT, exist_ok=True)
    stale = []
    for name, cell, nonlinearity, H, runs in MODELS:
        path = os.path.join(OUT, f"pytorch-{name}.json")
        fresh = fixture(name, cell, nonlinearity, H, runs)
        text = json.dumps(fresh, separators=(",", ":")) + "\n"
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    committed = json.load(f)
            except FileNotFoundError:
                committed = None
            committed_torch = committed.pop("torch", None) if committed else None
            fresh.pop("torch")
            if committed is None or not close(fresh, committed):
                stale.append(path)
            elif committed_torch != torch.__version__:
                print(f"{path}: made with torch {committed_torch}, checked with {torch.__version__}: the same values")
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"wrote {os.path.relpath(path)} ({len(text)} bytes)")
    if stale:
        print("stale (rerun /usr/bin/python3 scripts/pytorch_fixtures.py): " + ", ".join(os.path.relpath(p) for p in stale), file=sys.stderr)
        sys.exit(1)
    if check:
        print(f"{len(MODELS)} fixtures current (torch {torch.__version__})")


if __name__ == "__main__":
    main()
