/**
 * Python section: the training loop (Adam with the lab's learning rate and batch size), one step
 * per method family, and multi-process training under torchrun: DistributedDataParallel for loss
 * methods, an all-reduced per-task Jacobian for gradient methods.
 */
export const PY_TRAIN = String.raw`
# ============================================================================================
# Training: PyTorch's Adam (the lab's optimizer follows it exactly) with the lab's learning rate
# and batch size.
#
# Several processes (torchrun --nproc_per_node=N): every process loads the whole model and CSV
# and draws the same seeded batch of batch_size rows; process r takes rows r, r+N, r+2N, ... of
# it, so together they see the lab's batch.
#   loss methods      the model is wrapped in DistributedDataParallel: backward of
#                     sum_i w_i l_i averages the gradients over processes (UW's s by hand).
#   gradient methods  each process computes its per-task gradients on the shared parameters,
#                     J (T x P, one autograd.grad per task), and its heads' gradients; J, the
#                     losses and the head gradients are all-reduced (averaged), so every process
#                     holds the same J, computes the same weights (same seed, so the same PCGrad
#                     order) and applies the same update. No DDP wrapper is needed there.
# Rank 0 writes the output file.
# ============================================================================================

class Distributed:
    """One process, or one of WORLD_SIZE processes started by torchrun."""

    def __init__(self, device):
        self.world = int(os.environ.get('WORLD_SIZE', '1'))
        self.rank = int(os.environ.get('RANK', '0'))
        local = int(os.environ.get('LOCAL_RANK', '0'))
        if device == 'auto':
            device = 'cuda' if torch.cuda.is_available() else 'cpu'
        self.device = torch.device(device)
        if self.world > 1:
            cuda = self.device.type == 'cuda'
            if cuda:
                self.device = torch.device('cuda', local)
                torch.cuda.set_device(self.device)
            torch.distributed.init_process_group('nccl' if cuda else 'gloo')

    def average(self, tensor):
        """All-reduce in place to the mean over processes (a no-op for one process)."""
        if self.world > 1 and tensor is not None:
            torch.distributed.all_reduce(tensor)
            tensor /= self.world
        return tensor

    def close(self):
        if self.world > 1:
            torch.distributed.barrier()
            torch.distributed.destroy_process_group()


class BatchSampler:
    """A fresh seeded permutation of the rows every epoch, cut into batches; the ragged end is
    dropped (as in the lab, though the lab's random stream differs)."""

    def __init__(self, rows, batch_size, seed):
        self.rows, self.seed = rows, seed
        self.batch_size = max(1, min(batch_size, rows))
        self.steps_per_epoch = max(1, rows // self.batch_size)
        self.epoch, self.order = -1, None

    def indices(self, step):
        epoch = step // self.steps_per_epoch
        if epoch != self.epoch:
            self.order = np.random.default_rng([self.seed, epoch]).permutation(self.rows)
            self.epoch = epoch
        start = (step % self.steps_per_epoch) * self.batch_size
        return self.order[start:start + self.batch_size]


def loss_step(model, method, losses, step, dist):
    """Loss methods: one backward of sum_i w_i l_i (DDP averages the gradients)."""
    weights = method.loss_weights(step, losses.detach())
    method.total_loss(losses, weights).backward()
    method.update_own_parameters(dist.average)
    return weights


def gradient_step(net, method, losses, step, dist):
    """Gradient methods, LibMTL style: the shared parameters get d = J^T w, each head its own
    task's gradient times head_weights[t] (1 for MGDA, PCGrad, CAGrad)."""
    shared, heads = net.shared_parameters(), net.task_parameters()
    rows = []
    for i in range(net.T):
        if not shared:
            rows.append(losses.new_zeros(0))
            continue
        grads = torch.autograd.grad(losses[i], shared, retain_graph=True, allow_unused=True)
        rows.append(torch.cat([(g if g is not None else torch.zeros_like(p)).reshape(-1)
                               for g, p in zip(grads, shared)]))
    J = dist.average(torch.stack(rows))                                   # [T, P]
    # Slice t of a task-specific parameter reaches task t only, so one backward of the summed
    # losses gives every head exactly its own task's gradient.
    head_grads = torch.autograd.grad(losses.sum(), heads, allow_unused=True) if heads else []
    head_grads = [dist.average(g if g is not None else torch.zeros_like(p)) for g, p in zip(head_grads, heads)]
    mean_losses = dist.average(losses.detach().clone()).cpu().numpy().astype(np.float64)
    J64 = J.double()
    gram = (J64 @ J64.T).cpu().numpy()
    weights, head_weights = method.aggregate(step, mean_losses, gram)
    update = torch.as_tensor(weights, dtype=J.dtype, device=J.device) @ J
    offset = 0
    for p in shared:
        p.grad = update[offset:offset + p.numel()].view_as(p).clone()
        offset += p.numel()
    scale = torch.as_tensor(head_weights, dtype=J.dtype, device=J.device)
    for p, g in zip(heads, head_grads):
        p.grad = g * scale.view(-1, *([1] * (g.dim() - 1)))
    return weights


def evaluate_losses(net, table, tasks, device, batch=4096):
    """Per-task mean loss over the labelled rows of a split."""
    totals, counts = np.zeros(len(tasks)), np.zeros(len(tasks))
    with torch.no_grad():
        for start in range(0, table.rows, batch):
            sl = slice(start, start + batch)
            y = torch.from_numpy(table.y[sl]).to(device)
            mask = torch.from_numpy(table.mask[sl]).to(device)
            outputs = net(torch.from_numpy(table.x[sl]).to(device))
            count = mask.sum(dim=0).cpu().numpy()
            totals += task_losses(outputs, y, mask, tasks).cpu().numpy() * count
            counts += count
    return totals / np.maximum(counts, 1)


def method_options(meta, method_id):
    """The lab's defaults for the method, overridden by the options the run was configured with."""
    options = dict(EMBEDDED_METHOD_DEFAULTS.get(method_id, {}))
    train = meta['config']['train']
    if method_id == train['method']:
        options.update(train.get('methodOptions', {}))
    return options


def train(args):
    require_torch()
    dist = Distributed(args.device)
    meta, arrays, metadata = read_model_file(args.weights)
    tasks, config = meta['tasks'], meta['config']['train']
    method_id = args.method or config['method']
    if method_id not in METHODS:
        raise SystemExit('error: method %r is not available in this file; choose one of %s with --method'
                         % (method_id, ', '.join(sorted(METHODS))))
    lr = config['learningRate'] if args.lr is None else args.lr
    batch_size = args.batch_size or config['batchSize']
    seed = config['weightSeed'] if args.seed is None else args.seed
    if batch_size < dist.world:
        raise SystemExit('error: batch size %d is smaller than the number of processes' % batch_size)
    torch.manual_seed(seed)

    net = LabNet(meta)
    net.load_arrays(arrays)
    net.to(dist.device)
    table = read_table(args.data, meta, args.split)
    x, y, mask = (torch.from_numpy(a).to(dist.device) for a in (table.x, table.y, table.mask))
    options = method_options(meta, method_id)
    transform_id = args.loss_transform or config.get('lossTransform', 'none')

    def make_method():
        made = METHODS[method_id](len(tasks), options, lr, np.random.default_rng(seed), device=dist.device)
        made.task_kinds = [t['kind'] for t in tasks]
        return with_transform(made, transform_id, {**EMBEDDED_TRANSFORM_DEFAULTS, **options})

    procedure_id = args.procedure or config.get('procedure', 'none')
    procedure = make_procedure(procedure_id, make_method, options, dist.world)
    method = procedure.method if procedure else make_method()
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    sampler = BatchSampler(table.rows, batch_size, seed)
    method.steps_per_epoch = sampler.steps_per_epoch
    for other in (getattr(procedure, 'flatness', None), procedure):
        if other is not None:
            other.steps_per_epoch = sampler.steps_per_epoch
    model = net
    if dist.world > 1 and method.family == 'loss':
        device_ids = [dist.device.index] if dist.device.type == 'cuda' else None
        model = torch.nn.parallel.DistributedDataParallel(net, device_ids=device_ids)
    elif dist.world > 1:
        for p in net.parameters():
            torch.distributed.broadcast(p.data, src=0)

    say = print if dist.rank == 0 else (lambda *a, **k: None)
    label = method_id if transform_id in (None, 'none') else '%s + %s' % (transform_id, method_id)
    label = label if procedure is None else '%s around %s' % (procedure_id, label)
    say('training %s with %s for %d steps: lr %g, batch %d (%d per process x %d), %d rows'
        % (meta['config']['model']['architecture'], label, args.steps, lr, sampler.batch_size,
           -(-sampler.batch_size // dist.world), dist.world, table.rows))
    log_every = args.log_every or max(1, args.steps // 10)
    window = np.zeros(len(tasks))
    net.train()  # training mode: the sparse MoE's router noise is on
    for step in range(args.steps):
        rows = torch.as_tensor(sampler.indices(step)[dist.rank::dist.world], device=dist.device)
        optimizer.zero_grad()
        if procedure is not None:
            weights, step_losses = procedure.step(net, x[rows], y[rows], mask[rows], tasks, step)
        elif method.family == 'representation':
            weights, step_losses = fuller_step(net, method, x[rows], y[rows], mask[rows], tasks, step, dist)
        else:
            losses = training_losses(net, model(x[rows]), y[rows], mask[rows], tasks)
            if method.family == 'loss':
                weights = loss_step(model, method, losses, step, dist)
            else:
                weights = gradient_step(net, method, losses, step, dist)
            step_losses = dist.average(losses.detach().clone()).cpu().numpy().astype(np.float64)
        optimizer.step()
        method.observe(step_losses)
        window += step_losses
        if (step + 1) % log_every == 0 or step + 1 == args.steps:
            count = (step % log_every) + 1
            say('step %6d  loss %s  weights %s' % (step + 1, np.round(window / count, 5).tolist(),
                                                   np.round(np.asarray(weights, dtype=np.float64), 4).tolist()))
            window[:] = 0

    net.eval()
    model = None  # release DDP's reducer before the process group is destroyed (gloo aborts otherwise)
    named = net.arrays()
    bad = [name for name, a in named if not np.all(np.isfinite(a))]
    if dist.rank == 0:
        if bad:
            dist.close()
            raise SystemExit('error: training diverged (NaN or Inf in %s); nothing written' % ', '.join(bad[:3]))
        if args.split != 'test':
            try:
                test = read_table(args.data, meta, 'test')
                say('test loss per task: %s' % np.round(evaluate_losses(net, test, tasks, dist.device), 6).tolist())
            except SystemExit:
                pass  # no test rows in this CSV
        save_safetensors(args.out, named, metadata)
        say('wrote %s' % args.out)
    dist.close()
`;
