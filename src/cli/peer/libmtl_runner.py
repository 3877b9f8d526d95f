"""LibMTL's own Trainer on the lab's exported data, for `npm run peer` (src/cli/peer/peer.ts).

Reads <work>/spec.json and <work>/data.csv (the lab's CSV export: x_*, task_*, split) and trains,
for every architecture, method and seed in the spec, LibMTL's Trainer (HPS or MMoE, its
weighting class, torch Adam) on exactly the lab's batches (one list of training-row indices per
step, written by the lab from its own batch sampler), then writes the per-task test MSE to
<work>/libmtl.json. Single-task baselines (STL) are one single-task HPS Trainer per task with EW.

LibMTL is imported from --libmtl (a checkout, or the folder holding the installed package) and
is never modified. Two things it does at import or construction time are handled here:
  * it imports cvxpy, qpsolvers and torch_geometric at module level (Nash-MTL, UPGrad and a QM9
    data loader need them; nothing used here does): empty stand-in modules are put into
    sys.modules when the real ones are missing;
  * its Trainer hard-codes torch.device('cuda:0'): CpuTrainer sets the device to the CPU before
    the model is built (Trainer._prepare_model reads self.device), so everything runs on the CPU.
"""
import argparse
import contextlib
import csv
import io
import json
import os
import sys
import types

import numpy as np


def stand_in_optional_modules():
    for name in ['cvxpy', 'qpsolvers', 'torch_geometric']:
        try:
            __import__(name)
        except ImportError:
            module = types.ModuleType(name)

            def missing(*args, _name=name, **kwargs):
                raise RuntimeError('%s is not installed (stand-in module of the peer runner)' % _name)

            module.solve_qp = missing
            module.__getattr__ = lambda attr, _m=missing: _m
            sys.modules[name] = module


ARCHITECTURES = {'shared-bottom': 'HPS', 'mmoe': 'MMoE'}
WEIGHTINGS = {'ew': 'EW', 'uw': 'UW', 'pcgrad': 'PCGrad', 'mgda': 'MGDA', 'cagrad': 'CAGrad'}


def read_csv(path, tasks):
    with open(path, newline='', encoding='utf-8') as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    xi = [i for i, h in enumerate(header) if h.startswith('x_')]
    ti = [header.index(t) for t in tasks]
    si = header.index('split')
    out = {}
    for split in ['train', 'test']:
        part = [r for r in body if r[si] == split]
        x = np.array([[float(r[i]) for i in xi] for r in part], dtype=np.float32)
        y = np.array([[float(r[i]) for i in ti] for r in part], dtype=np.float32)
        out[split] = (x, y)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--libmtl', required=True, help='LibMTL checkout (the folder that holds LibMTL/)')
    p.add_argument('--work', required=True)
    args = p.parse_args()

    stand_in_optional_modules()
    sys.path.insert(0, os.path.abspath(args.libmtl))
    import torch
    import torch.nn as nn
    from LibMTL import Trainer
    from LibMTL.loss import MSELoss
    from LibMTL.metrics import AbsMetric

    torch.set_num_threads(max(1, int(os.environ.get('PEER_THREADS', '1'))))

    class CpuTrainer(Trainer):
        def _prepare_model(self, *a, **k):
            self.device = torch.device('cpu')
            super()._prepare_model(*a, **k)

    class MSEMetric(AbsMetric):
        def update_fun(self, pred, gt):
            self.record.append(((pred - gt) ** 2).mean().item())
            self.bs.append(pred.size()[0])

        def score_fun(self):
            return [float((np.array(self.record) * np.array(self.bs)).sum() / np.array(self.bs).sum())]

    spec = json.load(open(os.path.join(args.work, 'spec.json')))
    tasks = spec['tasks']
    data = read_csv(os.path.join(args.work, 'data.csv'), tasks)
    x_train, y_train = (torch.from_numpy(a) for a in data['train'])
    x_test, y_test = (torch.from_numpy(a) for a in data['test'])
    D = x_train.shape[1]
    hidden, tower = spec['hidden'], spec['tower']

    def mlp(widths):
        layers = []
        for i, o in zip(widths[:-1], widths[1:]):
            layers += [nn.Linear(i, o), nn.ReLU()]
        return layers

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.net = nn.Sequential(*mlp([D] + hidden))

        def forward(self, x):
            return self.net(x)

    class Rows(torch.utils.data.Dataset):
        def __init__(self, x, y, names):
            self.x, self.y, self.names = x, y, names

        def __len__(self):
            return self.x.shape[0]

        def __getitem__(self, i):
            return self.x[i], {n: self.y[i, t:t + 1] for t, n in enumerate(self.names)}

    def run(architecture, method, seed, task_ids):
        names = [tasks[t] for t in task_ids]
        y_tr, y_te = y_train[:, task_ids], y_test[:, task_ids]
        torch.manual_seed(seed)
        decoders = nn.ModuleDict({n: nn.Sequential(*mlp([hidden[-1]] + tower), nn.Linear(tower[-1] if tower else hidden[-1], 1)) for n in names})
        task_dict = {n: {'metrics': ['MSE'], 'metrics_fn': MSEMetric(), 'loss_fn': MSELoss(), 'weight': [0]} for n in names}
        arch_args = {'img_size': [D], 'num_experts': [spec['experts']]} if architecture == 'MMoE' else {}
        weight_args = {'MGDA': {'mgda_gn': 'none'}, 'CAGrad': {'calpha': 0.5, 'rescale': 1}}.get(method, {})
        with contextlib.redirect_stdout(io.StringIO()):
            trainer = CpuTrainer(task_dict=task_dict, weighting=method, architecture=architecture,
                                 encoder_class=Encoder, decoders=decoders, rep_grad=False, multi_input=False,
                                 optim_param={'optim': 'adam', 'lr': spec['learningRate']}, scheduler_param=None,
                                 weight_args=weight_args, arch_args=arch_args)
            batches = spec['batches'][str(seed)]
            train = torch.utils.data.DataLoader(Rows(x_train, y_tr, names), batch_sampler=batches)
            test = torch.utils.data.DataLoader(Rows(x_test, y_te, names), batch_size=1000)
            trainer.train(train, test, epochs=1)
        trainer.model.eval()
        with torch.no_grad():
            preds = trainer.model(x_test)
        return [float(((preds[n][:, 0] - y_te[:, t]) ** 2).mean()) for t, n in enumerate(names)]

    results = []
    T = len(tasks)
    for seed in spec['seeds']:
        for arch in spec['architectures']:
            for method in spec['methods']:
                mse = run(ARCHITECTURES[arch], WEIGHTINGS[method], seed, list(range(T)))
                results.append({'architecture': arch, 'method': method, 'seed': seed, 'testMse': mse})
                print('libmtl %s %s seed %d: %s' % (arch, method, seed, np.round(mse, 5).tolist()), file=sys.stderr)
        stl = [run('HPS', 'EW', seed, [t])[0] for t in range(T)]
        results.append({'architecture': 'stl', 'method': 'stl', 'seed': seed, 'testMse': stl})
        print('libmtl stl seed %d: %s' % (seed, np.round(stl, 5).tolist()), file=sys.stderr)
    json.dump({'torch': torch.__version__, 'results': results}, open(os.path.join(args.work, 'libmtl.json'), 'w'))


if __name__ == '__main__':
    main()
