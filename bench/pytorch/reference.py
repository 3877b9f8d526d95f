"""Native PyTorch CPU reference for `npm run bench` (bench/pytorchReference.ts runs it).

The same reference configurations as bench/core/configs.ts, trained the LibMTL way: an nn.Module
per architecture (shared-bottom trunk, or MMoE experts with softmax gates mixed per task), one
tower per task, per-task MSE losses, torch.optim.Adam. Equal weighting backpropagates the sum of
the losses once. PCGrad and CAGrad do as LibMTL's AbsWeighting with rep_grad=False: one backward
per task (retain_graph) to collect each task's gradient on the shared parameters, the method's
combination on those rows (CAGrad's small dual solved with scipy's SLSQP, as LibMTL), the result
written back into .grad, then the Adam step. Reads a JSON spec on stdin, prints one JSON result.
"""
import ctypes
import json
import math
import os
import random
import sys
import time

import torch
from torch import nn


def blas_library():
    """The BLAS library this process loaded (Debian's libblas.so.3 is an alternatives link)."""
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    found = set()
    with open('/proc/self/maps') as maps:
        for line in maps:
            path = line.split()[-1] if '/' in line else ''
            name = os.path.basename(path)
            if name.startswith('lib') and ('blas' in name or 'mkl' in name):
                found.add(os.path.realpath(path))
    return sorted(found)


def set_blas_threads(threads):
    """torch.set_num_threads does not reach OpenBLAS's own thread pool (Debian's torch calls
    libblas.so.3 directly): without this the "1 thread" reference ran its products on every core."""
    for path in blas_library():
        lib = ctypes.CDLL(path)
        if hasattr(lib, 'openblas_set_num_threads'):
            lib.openblas_set_num_threads(threads)


def mlp(widths):
    layers = []
    for i, o in zip(widths[:-1], widths[1:]):
        layers += [nn.Linear(i, o), nn.ReLU()]
    return nn.Sequential(*layers)


class Net(nn.Module):
    def __init__(self, spec):
        super().__init__()
        d, hidden, tower, tasks = spec['features'], spec['hidden'], spec['tower'], spec['tasks']
        self.arch = spec['architecture']
        if self.arch == 'mmoe':
            self.experts = nn.ModuleList(mlp([d] + hidden) for _ in range(spec['experts']))
            self.gates = nn.ModuleList(nn.Linear(d, spec['experts']) for _ in range(tasks))
        else:
            self.trunk = mlp([d] + hidden)
        self.towers = nn.ModuleList(
            nn.Sequential(mlp([hidden[-1]] + tower), nn.Linear(tower[-1], 1)) for _ in range(tasks)
        )

    def shared_parameters(self):
        return list(self.experts.parameters()) if self.arch == 'mmoe' else list(self.trunk.parameters())

    def forward(self, x):
        if self.arch == 'mmoe':
            ex = torch.stack([e(x) for e in self.experts])  # [E, B, H]
            reps = [torch.einsum('ebh,be->bh', ex, torch.softmax(g(x), -1)) for g in self.gates]
        else:
            rep = self.trunk(x)
            reps = [rep] * len(self.towers)
        return [tower(r).squeeze(-1) for tower, r in zip(self.towers, reps)]


def pcgrad(grads, rng):
    """LibMTL PCGrad: project each task gradient off the ones it conflicts with, in random order."""
    projected = grads.clone()
    tasks = grads.shape[0]
    for i in range(tasks):
        order = list(range(tasks))
        rng.shuffle(order)
        for j in order:
            dot = torch.dot(projected[i], grads[j])
            if dot < 0:
                projected[i] -= dot * grads[j] / (grads[j].norm() ** 2)
    return projected.sum(0)


def cagrad(grads, alpha=0.5, rescale=1):
    """LibMTL CAGrad (the dual over the simplex solved by scipy SLSQP)."""
    import numpy as np
    from scipy.optimize import minimize

    tasks = grads.shape[0]
    gg = torch.matmul(grads, grads.t()).cpu()
    scale = (torch.diag(gg) + 1e-4).sqrt().mean()
    gg = gg / scale.pow(2)
    gg_np = gg.numpy().astype(np.float64)
    gg_mean = gg_np.mean(1, keepdims=True)
    gg_mean_mean = gg_mean.mean()
    c = (gg_mean_mean + 1e-4) ** 0.5 * alpha
    x_start = np.ones(tasks) / tasks
    bounds = tuple((0, 1) for _ in range(tasks))
    cons = {'type': 'eq', 'fun': lambda x: 1 - sum(x)}

    def objective(x):
        xr = x.reshape(1, tasks)
        return (xr.dot(gg_mean) + c * np.sqrt(xr.dot(gg_np).dot(xr.T) + 1e-8)).sum()

    w = torch.tensor(minimize(objective, x_start, bounds=bounds, constraints=cons).x, dtype=grads.dtype)
    gw = (grads * w.view(-1, 1)).sum(0)
    lmbda = c / (gw.norm() + 1e-4)
    g = grads.mean(0) + lmbda * gw
    return g / (1 + alpha ** 2) if rescale == 1 else g


def measure(spec, threads, plan):
    torch.set_num_threads(threads)
    set_blas_threads(threads)
    torch.manual_seed(7)
    rng = random.Random(7)
    net = Net(spec)
    shared = net.shared_parameters()
    opt = torch.optim.Adam(net.parameters(), lr=spec['learningRate'])
    rows, tasks = spec['batchSize'], spec['tasks']
    x = torch.randn(spec['samples'], spec['features'])
    y = torch.randn(spec['samples'], tasks)
    batches = spec['samples'] // rows
    counter = [0]

    def step():
        i = counter[0] % batches
        counter[0] += 1
        xb, yb = x[i * rows:(i + 1) * rows], y[i * rows:(i + 1) * rows]
        outs = net(xb)
        losses = [((o - yb[:, t]) ** 2).mean() for t, o in enumerate(outs)]
        opt.zero_grad(set_to_none=False)
        if spec['method'] == 'ew':
            sum(losses).backward()
        else:
            rows_ = []
            for t, loss in enumerate(losses):
                loss.backward(retain_graph=t < tasks - 1)
                rows_.append(torch.cat([p.grad.reshape(-1) for p in shared]))
                for p in shared:
                    p.grad.zero_()
            grads = torch.stack(rows_)
            d = pcgrad(grads, rng) if spec['method'] == 'pcgrad' else cagrad(grads)
            at = 0
            for p in shared:
                n = p.numel()
                p.grad.copy_(d[at:at + n].view_as(p))
                at += n
        opt.step()

    # Warm-up as bench/core/measure.ts: the plan's steps, then more until minWarmupMs has passed;
    # windows lengthened to at least minWindowMs.
    started = t0 = time.perf_counter()
    steps, chunk = plan['warmupSteps'], 1
    while True:
        for _ in range(steps):
            step()
        now = time.perf_counter()
        ms_per_step = (now - t0) * 1000 / max(steps, 1)
        if (now - started) * 1000 >= plan['minWarmupMs']:
            break
        t0, steps, chunk = now, chunk, min(chunk * 2, 1024)
    per_window = max(plan['stepsPerWindow'], math.ceil(plan['minWindowMs'] / ms_per_step))
    windows = []
    started = time.perf_counter()
    for w in range(plan['windows']):
        if w >= 1 and time.perf_counter() - started > plan['maxSeconds']:
            break
        t0 = time.perf_counter()
        for _ in range(per_window):
            step()
        windows.append((time.perf_counter() - t0) * 1000 / per_window)
    ordered = sorted(windows)
    mid = len(ordered) // 2
    ms = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return {
        'config': spec['id'],
        'threads': threads,
        'msPerStep': ms,
        'windowsMs': windows,
        'steps': len(windows) * per_window,
    }


def main():
    request = json.load(sys.stdin)
    plan = request['plan']
    results = []
    for threads in request['threads']:
        for spec in request['configs']:
            results.append(measure(spec, threads, plan))
    print(json.dumps({
        'torch': torch.__version__,
        'blas': blas_library(),
        'cpuCount': os.cpu_count(),
        'results': results,
    }))


if __name__ == '__main__':
    main()
