#!/usr/bin/python3
"""The PyTorch-eager peer of `perf/run rm-peer`: the same work as the Java side, in plain PyTorch.

Reads the base encoder's weights from the same ONNX file the Java side reads (with the `onnx`
package: float initializers by name; each MatMul weight named after the bias its Add adds, and
transposed), and the job the Java side wrote (token ids, the order of the pairs, the learning-rate
schedule). Then either trains (frozen bottom layers computed once per text without gradients and
kept in memory; the top layers and a zero value head trained with the Bradley-Terry loss, AdamW,
global-norm clipping, gradient accumulation) or scores (forward passes in the given chunks).
Prints one JSON line: times, peak RSS (ru_maxrss), losses or scores.

Needs Debian's python3-torch and python3-onnx, and OpenBLAS under them (apt-get install -y python3-torch
python3-onnx libopenblas0-pthread): Debian's torch is linked against the generic libblas.so.3, which is the
unoptimised reference BLAS (25x slower matrix products here) unless OpenBLAS provides it.
"""
import json
import math
import os
import resource
import sys
import time

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn.functional as F


def load_weights(path):
    model = onnx.load(path)
    init = {t.name: onnx.numpy_helper.to_array(t) for t in model.graph.initializer}
    weights = {n: v for n, v in init.items() if not n.startswith("onnx::")}
    consumers = {}
    for node in model.graph.node:
        for i in node.input:
            consumers.setdefault(i, []).append(node)
    for node in model.graph.node:
        if node.op_type != "MatMul":
            continue
        matrix = next((i for i in node.input if i in init and i.startswith("onnx::")), None)
        if matrix is None:
            continue
        for add in consumers.get(node.output[0], []):
            bias = next((i for i in add.input if i.endswith(".bias") and i in init), None)
            if add.op_type == "Add" and bias:
                weights[bias[: -len(".bias")] + ".weight"] = init[matrix].T.copy()
    return {n: torch.from_numpy(np.array(v, dtype=np.float32, copy=True)) for n, v in weights.items()}


class Bert:
    def __init__(self, w, cfg):
        self.w = w
        self.layers = cfg["layers"]
        self.heads = cfg["heads"]
        self.hidden = cfg["hidden"]
        self.eps = cfg["eps"]

    def ln(self, x, name):
        return F.layer_norm(x, (self.hidden,), self.w[name + ".weight"], self.w[name + ".bias"], self.eps)

    def lin(self, x, name):
        return F.linear(x, self.w[name + ".weight"], self.w[name + ".bias"])

    def embed(self, ids, types):
        pos = torch.arange(ids.shape[1])
        x = (F.embedding(ids, self.w["embeddings.word_embeddings.weight"])
             + F.embedding(types, self.w["embeddings.token_type_embeddings.weight"])
             + F.embedding(pos, self.w["embeddings.position_embeddings.weight"]))
        return self.ln(x, "embeddings.LayerNorm")

    def run(self, x, mask, start, end):
        b, t, h = x.shape
        hs = h // self.heads
        add = (1.0 - mask.float()).mul(-10000.0).view(b, 1, 1, t)
        for i in range(start, end):
            p = "encoder.layer.%d." % i

            def heads(y):
                return y.view(b, t, self.heads, hs).transpose(1, 2)

            q = heads(self.lin(x, p + "attention.self.query"))
            k = heads(self.lin(x, p + "attention.self.key"))
            v = heads(self.lin(x, p + "attention.self.value"))
            s = q.matmul(k.transpose(2, 3)) * (1.0 / math.sqrt(hs)) + add
            c = s.softmax(-1).matmul(v).transpose(1, 2).reshape(b, t, h)
            x = self.ln(self.lin(c, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            inner = F.gelu(self.lin(x, p + "intermediate.dense"))
            x = self.ln(self.lin(inner, p + "output.dense") + x, p + "output.LayerNorm")
        return x


def pad(states, texts, hidden):
    width = max(len(ids) for ids, _ in texts)
    x = torch.zeros(len(texts), width, hidden)
    mask = torch.zeros(len(texts), width, dtype=torch.long)
    for i, (ids, _) in enumerate(texts):
        x[i, : len(ids)] = states[i]
        mask[i, : len(ids)] = 1
    return x, mask


def head_scores(hidden, mask, hw, hb):
    m = mask.float().unsqueeze(2)
    pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
    return pooled.matmul(hw.unsqueeze(1)).view(-1) + hb


def train(job, cfg, w):
    bert = Bert(w, cfg)
    frm = cfg["train_from"]
    trainable = []
    decay, no_decay = [], []
    for name, t in w.items():
        if name.startswith("encoder.layer.") and int(name.split(".")[2]) >= frm:
            t.requires_grad_(True)
            trainable.append(t)
            (decay if name.endswith(".weight") and "LayerNorm" not in name else no_decay).append(t)
    hw = torch.zeros(cfg["hidden"], requires_grad=True)
    hb = torch.zeros(1, requires_grad=True)
    opt = torch.optim.AdamW(
        [{"params": decay, "lr": job["lr"], "weight_decay": job["weight_decay"]},
         {"params": no_decay, "lr": job["lr"], "weight_decay": 0.0},
         {"params": [hw, hb], "lr": job["head_lr"], "weight_decay": 0.0}],
        betas=(0.9, 0.999), eps=1e-8)
    base_lrs = [g["lr"] for g in opt.param_groups]
    pairs = job["pairs"]
    cache = {}

    def state(i, side):
        key = (i, side)
        if key not in cache:
            ids, types = pairs[i][side]
            with torch.no_grad():
                x = bert.embed(torch.tensor([ids]), torch.tensor([types]))
                cache[key] = bert.run(x, torch.ones(1, len(ids), dtype=torch.long), 0, frm)[0]
        return cache[key]

    epochs = []
    step = 0
    for plan in job["epochs"]:
        t0 = time.perf_counter()
        loss_sum, count = 0.0, 0
        for micro_batches in plan:
            batch = sum(len(m) for m in micro_batches)
            for g, lr in zip(opt.param_groups, base_lrs):
                g["lr"] = lr * job["schedule"][step]
            opt.zero_grad()
            for micro in micro_batches:
                texts, states = [], []
                for i in micro:
                    for side in (0, 1):
                        texts.append(pairs[i][side])
                        states.append(state(i, side))
                x, mask = pad(states, texts, cfg["hidden"])
                hidden = bert.run(x, mask, frm, cfg["layers"])
                s = head_scores(hidden, mask, hw, hb)
                d = s[0::2] - s[1::2]
                loss = F.softplus(-d).sum() / batch
                loss.backward()
                loss_sum += loss.item() * batch
                count += len(micro)
            torch.nn.utils.clip_grad_norm_(trainable + [hw, hb], job["clip"])
            opt.step()
            step += 1
        epochs.append({"seconds": time.perf_counter() - t0, "pairs": count, "loss": loss_sum / count})
    return {"epochs": epochs}


def score(job, cfg, w):
    bert = Bert(w, cfg)
    hw = torch.tensor(job["head_weight"], dtype=torch.float32)
    hb = torch.tensor([job["head_bias"]], dtype=torch.float32)
    out = []
    t0 = time.perf_counter()
    with torch.no_grad():
        for chunk in job["chunks"]:
            width = max(len(ids) for ids, _ in chunk)
            ids = torch.zeros(len(chunk), width, dtype=torch.long)
            types = torch.zeros_like(ids)
            mask = torch.zeros_like(ids)
            for i, (a, b) in enumerate(chunk):
                ids[i, : len(a)] = torch.tensor(a)
                types[i, : len(b)] = torch.tensor(b)
                mask[i, : len(a)] = 1
            hidden = bert.run(bert.embed(ids, types), mask, 0, cfg["layers"])
            out.extend(head_scores(hidden, mask, hw, hb).tolist())
    return {"seconds": time.perf_counter() - t0, "scores": out}


def main():
    job_file = sys.argv[1]
    with open(job_file) as f:
        job = json.load(f)
    cfg = job["config"]
    # PyTorch's threads (element-wise work); OpenBLAS takes OPENBLAS_NUM_THREADS for matrix products
    torch.set_num_threads(int(os.environ.get("RM_PEER_TORCH_THREADS") or os.cpu_count()))
    w = load_weights(job["onnx"])
    result = train(job, cfg, w) if job["kind"] == "train" else score(job, cfg, w)
    result["peak_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["torch"] = torch.__version__
    result["threads"] = torch.get_num_threads()
    result["blas_threads"] = os.environ.get("OPENBLAS_NUM_THREADS", "")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
