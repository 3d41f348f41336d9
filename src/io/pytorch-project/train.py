"""Train an RNN Playground model on its text: on the CPU, one GPU, or many with torchrun.

    python train.py --steps 2000 --out checkpoint.safetensors      # CPU or one GPU
    torchrun --standalone --nproc_per_node=4 train.py --steps 2000  # DistributedDataParallel

Each step is the playground's: the same batches in the same order (see data.py), the mean
cross-entropy, the gradient clipped (by global norm or by value), then one update of Adam, SGD or
RMSprop with PyTorch's constants, which the playground uses. The settings start as the run's, read
from the model file's metadata; every one is a flag. Under torchrun each process takes its share
of the B streams (or sequences) of every batch and DistributedDataParallel averages the gradients,
so N processes take the same steps as one (NCCL on GPUs, gloo on CPUs). A checkpoint is a model
file like the one this started from, with `step` in its metadata: the playground and
`rnn-playground sample | eval | train --init` open it, and so does this script (--model).
"""
import argparse
import json
import math
import os
import sys
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

from data import START, END, SequenceBatcher, StreamBatcher, TextError, encode, parse_examples, parse_lines, read_text
from model import ModelFileError, carry, load_model, write_safetensors

HERE = os.path.dirname(os.path.abspath(__file__))
# flag -> (metadata key, type, help); the default is the model file's value
SETTINGS = {
    "seq_len": ("seq_len", int, "time steps per window (truncated BPTT; next-character models)"),
    "batch": ("batch_size", int, "streams (or sequences) per step, shared by the processes"),
    "lr": ("learning_rate", float, "learning rate"),
    "optimizer": ("optimizer", str, "adam, sgd or rmsprop"),
    "clip_mode": ("clip_mode", str, "norm, value or none"),
    "clip": ("clip_value", float, "clipping threshold"),
    "seed": ("seed", int, "the seed of the line and classification batches"),
}
OPTIMIZERS = {
    "adam": lambda params, lr: torch.optim.Adam(params, lr, betas=(0.9, 0.999), eps=1e-8),
    "sgd": lambda params, lr: torch.optim.SGD(params, lr),
    "rmsprop": lambda params, lr: torch.optim.RMSprop(params, lr, alpha=0.99, eps=1e-8),
}


def arguments():
    p = argparse.ArgumentParser(description="Train an RNN Playground model (see README.md).")
    p.add_argument("--model", default=os.path.join(HERE, "model.safetensors"), help="the model to start from")
    p.add_argument("--text", default=os.path.join(HERE, "text.txt"), help="the training text (UTF-8)")
    p.add_argument("--steps", type=int, default=500, help="updates to take (default 500)")
    p.add_argument("--out", default="checkpoint.safetensors", help="where to write the trained model")
    p.add_argument("--save-every", type=int, default=0, metavar="N", help="also write --out every N steps")
    p.add_argument("--json", action="store_true", help="one JSON line per step: step, loss, gradNorm, clipped, charsPerSec")
    p.add_argument("--eval", action="store_true", help="at the end, the loss on the whole text, as `rnn-playground eval` computes it")
    p.add_argument("--device", help="cpu, cuda, cuda:1, ... (default: this process's GPU if there is one)")
    for flag, (key, kind, text) in SETTINGS.items():
        p.add_argument("--" + flag.replace("_", "-"), type=kind, help=f"{text} (default: the model file's {key})")
    return p.parse_args()


def settings(args, meta, path):
    """Each setting from its flag, else from the model file; a setting neither gives is refused."""
    out = {}
    for flag, (key, kind, _) in SETTINGS.items():
        value = getattr(args, flag)
        if value is None and key not in meta:
            raise ModelFileError(f"{path} has no '{key}' in its metadata: give --{flag.replace('_', '-')}")
        out[flag] = value if value is not None else kind(meta[key])
    if out["optimizer"] not in OPTIMIZERS or out["clip_mode"] not in ("norm", "value", "none"):
        raise ModelFileError(f"unknown optimizer {out['optimizer']!r} or clip mode {out['clip_mode']!r}")
    if out["batch"] < 1 or out["seq_len"] < 1 or args.steps < 0:
        raise ModelFileError("--batch and --seq-len must be at least 1, --steps at least 0")
    return out


def batches(spec, text, path, s):
    """The task's batcher and a classifier's held-out examples."""
    vocab = spec["vocab"]
    if spec["mode"] == "lm":
        ids = encode(vocab, text, path)
        if len(ids) < s["seq_len"] + 1:
            raise TextError(f"{path} has {len(ids)} characters, fewer than one window of {s['seq_len'] + 1}: lower --seq-len")
        return StreamBatcher(ids, s["batch"], s["seq_len"]), []
    if spec["mode"] == "lines":
        seqs = [encode(vocab, START + line + END, path) for line in parse_lines(text)]
        return SequenceBatcher(seqs, None, s["batch"], s["seed"]), []
    train, held_out = parse_examples(text, spec["labels"])
    seqs = [encode(vocab, sentence, path) for sentence, _ in train]
    return SequenceBatcher(seqs, [label for _, label in train], s["batch"], s["seed"]), held_out


def forward_loss(model, inputs, targets, state):
    """Summed cross-entropy of a batch (or of this process's share of it) and the final state."""
    logits, state = model(inputs, state)
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction="sum"), state


def clip(params, mode, threshold):
    """Clips the gradients in place; returns their global norm before clipping and whether it clipped."""
    norm = torch.norm(torch.stack([p.grad.norm() for p in params])).item()
    if mode == "norm":  # the playground scales only when norm > threshold; PyTorch by min(1, ...)
        torch.nn.utils.clip_grad_norm_(params, threshold)
        return norm, norm > threshold
    if mode == "value":
        clipped = any(bool((p.grad.abs() > threshold).any()) for p in params)
        torch.nn.utils.clip_grad_value_(params, threshold)
        return norm, clipped
    return norm, False


@torch.no_grad()
def evaluate(net, spec, text, path, device, held_out=None):
    """`rnn-playground eval`: a text in windows of 256 from zero state, the state carried (lm);
    the loss per symbol over the lines; a classifier's loss and accuracy on its examples."""
    net.eval()
    vocab, one = spec["vocab"], lambda ids: torch.tensor(ids, device=device)[:, None]
    if spec["mode"] == "lm":
        ids, state, total = encode(vocab, text, path), None, 0.0
        for at in range(0, len(ids) - 1, 256):
            window = ids[at : at + 257]
            loss, state = forward_loss(net, one(window[:-1]), one(window[1:]), state)
            total, state = total + loss.item(), carry(state, spec["bidirectional"])
        loss = total / (len(ids) - 1)
        return {"loss": loss, "bitsPerChar": loss / math.log(2), "characters": len(ids)}
    if spec["mode"] == "lines":
        lines, total, count = parse_lines(text), 0.0, 0
        for line in lines:
            ids = encode(vocab, START + line + END, path)
            total, count = total + forward_loss(net, one(ids[:-1]), one(ids[1:]), None)[0].item(), count + len(ids) - 1
        return {"loss": total / count, "bitsPerChar": total / count / math.log(2), "lines": len(lines)}
    examples = held_out if held_out is not None else sum(parse_examples(text, spec["labels"]), [])
    total = right = 0
    for sentence, label in examples:
        logits, _ = net(one(encode(vocab, sentence, path)))
        total -= F.log_softmax(logits[0], 0)[label].item()
        right += int(logits[0].argmax().item() == label)
    return {"loss": total / len(examples), "accuracy": right / len(examples), "examples": len(examples)}


def main():
    args = arguments()
    world, rank = int(os.environ.get("WORLD_SIZE", "1")), int(os.environ.get("RANK", "0"))
    local = int(os.environ.get("LOCAL_RANK", "0"))
    device = torch.device(args.device or (f"cuda:{local}" if torch.cuda.is_available() else "cpu"))
    say = (lambda line: print(line, file=sys.stderr, flush=True)) if rank == 0 else (lambda line: None)
    try:
        net, spec, meta = load_model(args.model)
        s = settings(args, meta, args.model)
        text = read_text(args.text)
        batcher, held_out = batches(spec, text, args.text, s)
    except (ModelFileError, TextError, OSError, ValueError) as e:
        say(f"train.py: {e}")
        return 2
    if world > s["batch"]:
        say(f"train.py: {world} processes cannot share a batch of {s['batch']}: give --batch {world} or more")
        return 2
    if world > 1:
        if device.type == "cuda":
            torch.cuda.set_device(device)
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    net.to(device)
    model = DistributedDataParallel(net, device_ids=[device] if device.type == "cuda" else None) if world > 1 else net
    optimizer = OPTIMIZERS[s["optimizer"]](model.parameters(), s["lr"])
    lo, hi = rank * s["batch"] // world, (rank + 1) * s["batch"] // world  # this process's streams
    start, lm, classify = int(meta.get("step", "0")), spec["mode"] == "lm", spec["mode"] == "classify"
    say(f"training {spec['cell']} ({len(spec['vocab'])} symbols, hidden {spec['hidden_size']}, {spec['num_layers']} layer(s)) "
        f"from step {start} on {world} process(es), {device.type}; settings {json.dumps(s)}")

    def save(step):
        if rank == 0:
            settings_meta = {key: str(s[flag]) for flag, (key, _, _) in SETTINGS.items()}
            write_safetensors(args.out, net.state_dict(), {**meta, **settings_meta, "step": str(step)})

    state, step, t0 = None, start, time.perf_counter()
    try:  # Ctrl-C writes the last parameters, as `rnn-playground train` does
        for i in range(args.steps):
            t = time.perf_counter()
            if lm:
                inputs, targets, reset = batcher.next()
                state = None if reset else state
            else:
                inputs, targets = batcher.next()
            count = targets.numel()  # positions (or sequences) of the whole batch that count
            share = targets[lo:hi] if classify else targets[:, lo:hi]
            loss_sum, state = forward_loss(model, inputs[:, lo:hi].to(device), share.to(device), state if lm else None)
            optimizer.zero_grad()
            # DDP averages the processes' gradients: scaled by the world size, that is the batch mean's
            (loss_sum * world / count).backward()
            if lm:
                state = carry(state, spec["bidirectional"])
            total = loss_sum.detach()
            if world > 1:
                dist.all_reduce(total)
            loss = total.item() / count
            norm, clipped = clip([p for p in model.parameters() if p.grad is not None], s["clip_mode"], s["clip"])
            if not (math.isfinite(loss) and math.isfinite(norm)):
                say(f"step {step + 1}: the loss or the gradient is not finite ({loss}, norm {norm}); the update was skipped. Lower --lr or clip the gradients.")
                save(step)
                return 1
            optimizer.step()
            step += 1
            chars = count * (inputs.shape[0] if classify else 1)
            if args.json and rank == 0:
                print(json.dumps({"step": step, "loss": loss, "gradNorm": norm, "clipped": clipped, "charsPerSec": round(chars / (time.perf_counter() - t))}), flush=True)
            elif (i + 1) % 50 == 0 or i + 1 == args.steps:
                say(f"step {step}  loss {loss:.4f}  {'' if classify else f'{loss / math.log(2):.4f} bits/char  '}{round(chars / (time.perf_counter() - t))} chars/s")
            if args.save_every and (i + 1) % args.save_every == 0:
                save(step)
    except KeyboardInterrupt:
        save(step)
        say(f"interrupted at step {step}: wrote {args.out}")
        return 130
    say(f"{args.steps} steps in {time.perf_counter() - t0:.1f} s")
    save(step)
    say(f"wrote {args.out} (step {step})")
    if rank == 0 and (args.eval or held_out):
        result = evaluate(net, spec, text, args.text, device, None if args.eval else held_out)
        say(f"{'loss on ' + args.text if args.eval else 'held-out'}: {json.dumps(result)}")
        if args.json and args.eval:
            print(json.dumps({"eval": result}), flush=True)
    if world > 1:
        dist.destroy_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main())
