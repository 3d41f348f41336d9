"""The text as batches, exactly as RNN Playground makes them, so a step here sees what it saw there.

lm        truncated BPTT: B streams, each a contiguous slice of the text; consecutive windows of T
          steps carry the state forward; a stream wraps to its start after its last window and
          the state resets there. No randomness.
lines     each line a sequence START c1 .. cn -> c1 .. cn END; classify: `sentence<TAB>label`
          lines, every 5th example of a label held out. Sequences are grouped by length (no
          padding); a batch draws a length with probability proportional to its count, then B
          sequences of it, from the playground's seeded generator (sfc32, reproduced below).
"""
import math
import re

import torch

START, END = "\u0002", "\u0003"
MAX_LINE, MAX_LINES, HOLDOUT_EVERY = 256, 20_000, 5
# JavaScript's String.prototype.trim() removes these (Python's str.strip() differs at the edges)
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


class TextError(Exception):
    """A text this model cannot train on; the message says why."""


def read_text(path):
    """UTF-8, a byte-order mark dropped, line ends kept as they are."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return f.read()


def encode(vocab, text, path):
    """Characters -> ids; characters the vocabulary lacks are refused, by name."""
    index = {ch: i for i, ch in enumerate(vocab)}
    unknown = sorted({ch for ch in text if ch not in index})
    if unknown:
        shown = ", ".join(repr(ch) for ch in unknown[:10]) + (", ..." if len(unknown) > 10 else "")
        raise TextError(f"{path} has characters the model's vocabulary does not hold: {shown}")
    return [index[ch] for ch in text]


class Rng:
    """The playground's seeded generator: sfc32 seeded by splitmix32, 32-bit words."""

    M = 0xFFFFFFFF

    def __init__(self, seed):
        s = seed & self.M

        def splitmix():
            nonlocal s
            s = (s + 0x9E3779B9) & self.M
            z = ((s ^ (s >> 16)) * 0x85EBCA6B) & self.M
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & self.M
            return z ^ (z >> 16)

        self.a, self.b, self.c, self.d = splitmix(), splitmix(), splitmix(), splitmix()
        for _ in range(12):
            self.u32()

    def u32(self):
        M = self.M
        t = (self.a + self.b + self.d) & M
        self.d = (self.d + 1) & M
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & M
        self.c = (((self.c << 21) | (self.c >> 11)) + t) & M
        return t

    def int(self, n):
        """Uniform in [0, n), computed as the playground does: floor(u32 / 2^32 * n)."""
        return math.floor(self.u32() / 4294967296 * n)


def split_lines(text):
    """Non-empty lines with their numbers; the start and end tokens removed from the text."""
    raw = re.split(r"\r?\n", text)
    if len(raw) > 1 and raw[-1] == "":
        raw.pop()  # a final newline ends the last line, it adds none
    if len(raw) > MAX_LINES:
        raise TextError(f"the text has {len(raw)} lines; line and classification modes take at most {MAX_LINES}")
    lines = [(n, line.replace(START, "").replace(END, "")) for n, line in enumerate(raw, 1)]
    return [(n, line) for n, line in lines if line.strip(JS_SPACE) != ""]


def check_length(n, text):
    if len(text) > MAX_LINE:
        raise TextError(f"line {n} has {len(text)} characters; a sequence can have at most {MAX_LINE}")


def parse_lines(text):
    lines = split_lines(text)
    if not lines:
        raise TextError("there are no lines to learn")
    for n, line in lines:
        check_length(n, line)
    return [line for _, line in lines]


def parse_examples(text, labels):
    """Classification: (train, held_out) lists of (sentence, label index); labels must be the model's."""
    parsed = []
    for n, line in split_lines(text):
        tab = line.rfind("\t")
        sentence, label = line[:tab].strip(JS_SPACE), line[tab + 1 :].strip(JS_SPACE)
        if tab < 0 or not sentence or not label:
            raise TextError(f"line {n} is not `sentence<TAB>label`")
        check_length(n, sentence)
        parsed.append((sentence, label))
    # sorted as JavaScript sorts strings: by UTF-16 code units
    found = sorted({label for _, label in parsed}, key=lambda s: s.encode("utf-16-be"))
    if found != labels:
        raise TextError(f"the model's labels ({', '.join(labels)}) are not the text's ({', '.join(found)})")
    count = {label: sum(1 for _, x in parsed if x == label) for label in labels}
    seen = dict.fromkeys(labels, 0)
    train, held_out = [], []
    for sentence, label in parsed:
        k, seen[label] = seen[label], seen[label] + 1
        held = count[label] > 1 and k % HOLDOUT_EVERY == HOLDOUT_EVERY - 1
        (held_out if held else train).append((sentence, labels.index(label)))
    return train, held_out


class StreamBatcher:
    """Truncated BPTT over B streams of the text's ids; next() -> (inputs, targets, reset), (T, B)."""

    def __init__(self, ids, B, T):
        L = len(ids) - 1
        self.ids, self.T, self.window = torch.tensor(ids), T, 0
        self.windows = max(T, L // B) // T
        S = self.windows * T
        # disjoint slices; when the text is too short for B of them they overlap, spread evenly
        starts = [b * S if B * S <= L else (b * (L - S)) // (B - 1) if B > 1 else 0 for b in range(B)]
        self.starts = torch.tensor(starts)

    def next(self):
        at = self.starts[None, :] + self.window * self.T + torch.arange(self.T + 1)[:, None]  # (T+1, B)
        window = self.ids[at]
        reset = self.window == 0
        self.window = (self.window + 1) % self.windows
        return window[:-1], window[1:], reset


class SequenceBatcher:
    """Batches of B same-length sequences; next() -> (inputs (T, B), targets (T, B) or labels (B))."""

    def __init__(self, seqs, labels, B, seed):
        """seqs: id lists (lines: START .. END, T + 1 ids; classify: T ids); labels: None for lines."""
        self.B, self.lines = B, labels is None
        by_length = {}
        for i, seq in enumerate(seqs):
            by_length.setdefault(len(seq) - (1 if self.lines else 0), []).append(i)
        self.buckets = [(T, by_length[T]) for T in sorted(by_length)]
        self.seqs, self.labels, self.total = seqs, labels, len(seqs)
        self.rng = Rng(seed ^ 0x5EED)

    def next(self):
        u = self.rng.int(self.total)
        for T, members in self.buckets:  # a length with probability proportional to its count
            if u < len(members):
                break
            u -= len(members)
        picks = [members[self.rng.int(len(members))] for _ in range(self.B)]
        seqs = torch.tensor([self.seqs[i] for i in picks]).t()  # (T or T + 1, B)
        if self.lines:
            return seqs[:-1], seqs[1:]
        return seqs, torch.tensor([self.labels[i] for i in picks])
