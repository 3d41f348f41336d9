"""The reference the WebGPU engine is measured against on a real GPU (bench/NOTES.md): PyTorch's
cuDNN RNN, LSTM and GRU training the benchmark configs of src/bench/configs.ts the way the engine
does (one-hot input, the recurrent layers + nn.Linear decoder, mean cross-entropy over B*T
positions, Adam lr 0.002, gradient norm clipped at 5, the carried state detached per window).
ms per step is the median over rounds of (round time / steps), each round ending in a device
synchronise, as src/bench/measure.ts times the engine. Prints one JSON line per (config, cell).

Usage: python3 bench/cudnn.py [S,M,B1] [rnn,lstm,gru]
"""
import json
import statistics
import sys
import time

import torch

CONFIGS = {  # src/bench/configs.ts BENCH_CONFIGS
    "S": dict(V=65, H=128, L=1, B=32, T=64),
    "M": dict(V=100, H=512, L=2, B=64, T=128),
    "B1": dict(V=65, H=128, L=1, B=1, T=64),
}
MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
ROUNDS, STEPS, WARMUP = 7, 10, 5


def bench(name, cell, dev):
    c = CONFIGS[name]
    V, H, L, B, T = c["V"], c["H"], c["L"], c["B"], c["T"]
    torch.manual_seed(1)
    rnn = MODULES[cell](V, H, num_layers=L).to(dev)
    dec = torch.nn.Linear(H, V).to(dev)
    params = list(rnn.parameters()) + list(dec.parameters())
    opt = torch.optim.Adam(params, lr=0.002)
    ids = torch.randint(0, V, (T + 1, B), device=dev)
    x = torch.nn.functional.one_hot(ids[:-1], V).float()
    y = ids[1:].reshape(-1)
    state = None

    def step():
        nonlocal state
        if state is not None:
            state = tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()
        out, state = rnn(x, state)
        loss = torch.nn.functional.cross_entropy(dec(out).reshape(-1, V), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        opt.step()

    for _ in range(WARMUP):
        step()
    torch.cuda.synchronize()
    times = []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        for _ in range(STEPS):
            step()
        torch.cuda.synchronize()
        times.append((time.perf_counter() - t0) * 1000 / STEPS)
    ms = statistics.median(times)
    return dict(backend="pytorch", adapter=torch.cuda.get_device_name(dev), torch=torch.__version__,
                cudnn=torch.backends.cudnn.version(), config=name, cell=cell, V=V, H=H, L=L, B=B, T=T,
                msPerStep=ms, charsPerSec=B * T / ms * 1000)


if __name__ == "__main__":
    configs = (sys.argv[1] if len(sys.argv) > 1 else "S,M,B1").split(",")
    cells = (sys.argv[2] if len(sys.argv) > 2 else "rnn,lstm,gru").split(",")
    dev = torch.device("cuda")
    for name in configs:
        for cell in cells:
            print(json.dumps(bench(name, cell, dev)), flush=True)
