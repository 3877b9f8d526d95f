/**
 * Python section: the architectures of src/core/model as one torch.nn.Module whose parameters keep
 * the lab's names and shapes (task-specific ones stacked on a leading T axis), the per-task losses
 * of src/core/train/losses.ts and the prediction rule of trainer.predict.
 */
export const PY_MODEL = String.raw`
# ============================================================================================
# The network. Parameters keep the lab's names ("trunk/0/kernel", "towers/1/bias", ...) and
# shapes; a kernel is [in, out] (y = x @ kernel + bias), and parameters of per-task or per-expert
# stacks carry those axes in front, e.g. towers/0/kernel is [T, in, out]. forward(x) returns the
# outputs of every task, [T, B, K] with K = the widest task; task t uses its first outputs[t].
# ============================================================================================

def dense(h, kernel, bias):
    """h [..., B, in] @ kernel [..., in, out] + bias [..., out]: a whole stack of layers at once."""
    return torch.matmul(h, kernel) + bias.unsqueeze(-2)


def gelu(h):
    """Exact GELU, 0.5 h (1 + erf(h / sqrt 2)), as in the lab."""
    return 0.5 * h * (1.0 + torch.erf(h * math.sqrt(0.5)))


def layer_norm(h, gain, offset):
    """Layer normalisation over the last axis (biased variance, eps 1e-5), as in the lab."""
    centered = h - h.mean(dim=-1, keepdim=True)
    variance = (centered * centered).mean(dim=-1, keepdim=True)
    return centered * torch.rsqrt(variance + 1e-5) * gain + offset


class LabNet(_Module):
    """An MTL Lab architecture, described by the model file's metadata (meta)."""

    def __init__(self, meta):
        super().__init__()
        self.meta = meta
        self.cfg = meta['config']['model']
        self.architecture = self.cfg['architecture']
        if self.architecture not in ARCHITECTURES:
            raise SystemExit('error: unknown architecture %r' % self.architecture)
        self.tasks = meta['tasks']
        self.T = len(self.tasks)
        self.weights = nn.ParameterDict()
        for layer in meta['layers']:
            self.weights[layer['name']] = nn.Parameter(torch.zeros(layer['shape']))
        # Shared parameters can carry every task's signal; the others belong to one task each
        # (slice t of their leading axis). Gradient methods combine task gradients on the shared ones.
        self.shared_names = [l['name'] for l in meta['layers'] if l['shared']]
        self.task_names = [l['name'] for l in meta['layers'] if not l['shared']]
        self.aux_losses = None
        self.reset_parameters()

    def reset_parameters(self):
        """Fresh weights drawn as the lab draws them for the model's initialisation
        (config.model.init; each layer's distribution is in the description). For 'pytorch' these
        are the PyTorch modules' defaults: nn.Linear U(+-1/sqrt(fan_in)) for weight and bias,
        nn.MultiheadAttention's xavier_uniform in_proj and zero biases, nn.LayerNorm (1, 0),
        nn.Embedding N(0, 1). Uses torch's generator (torch.manual_seed), not the lab's, so the
        values differ from the lab's while their distribution is the same. Files written before
        the description had it leave the parameters at zero (their weights are loaded anyway)."""
        with torch.no_grad():
            for layer in self.meta['layers']:
                d = layer.get('init')
                p = self.weights[layer['name']]
                if d is None:
                    continue
                if d['kind'] == 'uniform':
                    p.uniform_(-d['bound'], d['bound'])
                elif d['kind'] == 'normal':
                    p.normal_(0.0, d['std'])
                elif d['kind'] == 'constant':
                    p.fill_(d['value'])
                elif d['kind'] == 'stitch':
                    T = p.shape[-1]
                    p.fill_((1.0 - d['self']) / (T - 1) if T > 1 else 0.0)
                    p.copy_(p + torch.eye(T, dtype=p.dtype) * ((d['self'] if T > 1 else 1.0) - p))

    def p(self, name):
        return self.weights[name]

    def shared_parameters(self):
        return [self.weights[n] for n in self.shared_names]

    def task_parameters(self):
        return [self.weights[n] for n in self.task_names]

    def forward(self, x):
        self.aux_losses = None  # the sparse MoE's forward sets its load-balancing shares [T]
        return ARCHITECTURES[self.architecture](self, x)

    def load_arrays(self, arrays):
        with torch.no_grad():
            for name, value in arrays.items():
                self.weights[name].copy_(torch.from_numpy(np.ascontiguousarray(value, dtype=np.float32)))

    def arrays(self):
        """(name, float32 array) in the order of the description, for writing safetensors."""
        return [(l['name'], self.weights[l['name']].detach().cpu().numpy()) for l in self.meta['layers']]


def relu_stack(net, h, prefix, layers):
    for l in range(layers):
        h = torch.relu(dense(h, net.p('%s/%d/kernel' % (prefix, l)), net.p('%s/%d/bias' % (prefix, l))))
    return h


def towers(net, h):
    """Per-task towers (ReLU layers, then a linear output layer): h [T, B, in] -> [T, B, K].
    h, the towers' input, is kept as net.representation (FULLER's representation step)."""
    net.representation = h
    h = relu_stack(net, h, 'towers', len(net.cfg['tower']))
    return dense(h, net.p('output/kernel'), net.p('output/bias'))


def encode_groups(net, x):
    """Feature groups (model.featureGroups): one ReLU encoder per group of columns, then the
    columns of no group, concatenated; x itself without groups."""
    groups = net.cfg.get('featureGroups') or []
    if not groups:
        return x
    parts = []
    for m, g in enumerate(groups):
        parts.append(torch.relu(dense(x[..., g['columns']], net.p('groups/%d/kernel' % m), net.p('groups/%d/bias' % m))))
    grouped = {c for g in groups for c in g['columns']}
    rest = [c for c in range(x.shape[-1]) if c not in grouped]
    if rest:
        parts.append(x[..., rest])
    return torch.cat(parts, dim=-1)


def forward_shared_bottom(net, x):
    z = relu_stack(net, encode_groups(net, x), 'trunk', len(net.cfg['hidden']))  # [B, H]
    return towers(net, z.unsqueeze(0).expand(net.T, -1, -1))


def forward_stl(net, x):
    h = relu_stack(net, x.unsqueeze(0).expand(net.T, -1, -1), 'columns', len(net.cfg['hidden']))
    return towers(net, h)


def forward_mmoe(net, x):
    E = net.cfg['experts']
    bottom = encode_groups(net, x)
    experts = relu_stack(net, bottom.unsqueeze(0).expand(E, -1, -1), 'experts', len(net.cfg['hidden']))  # [E, B, H]
    logits = dense(x.unsqueeze(0).expand(net.T, -1, -1), net.p('gate/kernel'), net.p('gate/bias'))   # [T, B, E]
    gates = torch.softmax(mask_gate_logits(net, logits), dim=-1)
    return towers(net, torch.einsum('tbe,ebh->tbh', gates, experts))


def _lite_gate(net, alpha, tau=0.1):
    """DSMTL's v3 gate: a hard Gumbel-softmax sample over log[1 - p, p], p = sigmoid(alpha), which
    with two classes is s = 1[alpha + L > 0], L ~ Logistic(0, 1), one draw per task; the soft
    sample's gradient passes (straight-through). Evaluation: s = 1[p >= 0.5]."""
    noise = torch.zeros_like(alpha)
    if net.training:
        u = torch.rand_like(alpha).clamp(1e-7, 1 - 1e-7)
        noise = torch.log(u) - torch.log1p(-u)
    soft = torch.sigmoid((alpha + noise) / tau)
    hard = ((alpha + noise) > 0) if net.training else (alpha >= 0)
    s = hard.to(alpha.dtype) + soft - soft.detach()
    return torch.stack([1 - s, s], dim=-1)


def forward_dsmtl(net, x):
    L = len(net.cfg['hidden'])
    public = relu_stack(net, x.unsqueeze(0), 'public', L)                                   # [1, B, H]
    private = relu_stack(net, x.expand(net.T, 1, -1, -1), 'private', L)[:, 0]              # [T, B, H]
    logits = net.p('gate/logits')                                       # [T, 2]: (public, private); lite: [T, 1]
    kind = net.cfg.get('safeGate')
    if kind == 'lite':
        gate = _lite_gate(net, logits[:, 0])
    else:
        gate = torch.sigmoid(logits) if kind == 'sigmoid' else torch.softmax(logits, dim=-1)
    return towers(net, gate[:, 0, None, None] * public + gate[:, 1, None, None] * private)


def _router_logits(net, x, prefix):
    """Sparse MoE router 'gate' or 'noise' (model.moeGate): per-task logits [T, B, E]. task: a
    gate per task on x; embedding: a shared gate on x plus a shared map of the learned task
    embedding gate/embedding [T, 8]; task-level: a learned logit vector per task."""
    kind, T = net.cfg.get('moeGate', 'task'), net.T
    if kind == 'task':
        return dense(x.unsqueeze(0).expand(T, -1, -1), net.p(prefix + '/kernel'), net.p(prefix + '/bias'))
    if kind == 'task-level':
        return net.p(prefix + '/logits').unsqueeze(1).expand(-1, x.shape[0], -1)
    from_input = dense(x, net.p(prefix + '/input/kernel'), net.p(prefix + '/input/bias'))        # [B, E]
    embedding = net.p('gate/embedding')                                                          # [T, 8]
    from_task = dense(embedding, net.p(prefix + '/task/kernel'), net.p(prefix + '/task/bias'))  # [T, E]
    return from_input.unsqueeze(0) + from_task.unsqueeze(1)


def forward_sparse_moe(net, x):
    """Task-aware sparse MoE: per (row, task) the top-k experts by the router's logits, softmax
    renormalised over those k; noisy top-k in training (logits + N(0, 1) * softplus(noise router),
    torch's generator, not the lab's); the Switch load-balancing loss alpha * E * sum_e f_e P_e split
    over the tasks as (alpha E / T) sum_e f_e P_te, kept in net.aux_losses for training_losses."""
    E = net.cfg['experts']
    k = min(net.cfg.get('moeK', 2), E)
    experts = relu_stack(net, x.unsqueeze(0).expand(E, -1, -1), 'experts', len(net.cfg['hidden']))  # [E, B, H]
    logits = _router_logits(net, x, 'gate')                                                    # [T, B, E]
    if net.cfg.get('moeNoise', 'noisy') == 'noisy' and net.training:
        scale = torch.nn.functional.softplus(_router_logits(net, x, 'noise'))
        logits = logits + torch.randn_like(logits) * scale
    keep = torch.zeros_like(logits).scatter(-1, torch.topk(logits, k, dim=-1).indices, 1.0)
    gates = torch.softmax(logits + (1.0 - keep) * -1e30, dim=-1)
    probs = torch.softmax(logits, dim=-1)
    top1 = torch.nn.functional.one_hot(probs.argmax(dim=-1), E).to(probs.dtype)
    f = top1.reshape(-1, E).mean(dim=0)                                    # over every (row, task)
    alpha = net.cfg.get('moeBalance', 0.01)
    net.aux_losses = (probs.mean(dim=1) * f).sum(dim=-1) * (alpha * E / net.T)
    return towers(net, torch.einsum('tbe,ebh->tbh', gates, experts))


def mask_gate_logits(net, logits):
    """MMoEEx: closed (task, expert) cells of the task gates [T, B, n] (EMBEDDED_GATE_OPEN, from
    the lab): 'mask' subtracts 1e30 (weight exactly 0), 'pinned' sets the logit to 0."""
    if EMBEDDED_GATE_OPEN is None:
        return logits
    open_ = torch.tensor(EMBEDDED_GATE_OPEN, dtype=logits.dtype, device=logits.device).unsqueeze(1)
    if net.cfg.get('exclusivityGate', 'mask') == 'pinned':
        return logits * open_
    return logits + (1.0 - open_) * -1e30


def _gate(net, prefix, stream, task_gate=False):
    logits = dense(stream, net.p(prefix + '/kernel'), net.p(prefix + '/bias'))
    return torch.softmax(mask_gate_logits(net, logits) if task_gate else logits, dim=-1)


def _experts(net, prefix, stream, m):
    """m experts per stream: stream [..., B, in] -> [..., m, B, H]."""
    stream = stream.unsqueeze(-3).expand(*stream.shape[:-2], m, *stream.shape[-2:])
    return relu_stack(net, stream, prefix, len(net.cfg['hidden']))


def forward_progressive(net, x):
    """CGC (one level) and PLE: task experts, shared experts, a gate per task stream, and below
    the last level a shared stream whose gate mixes every expert of the level."""
    T, mk, ms = net.T, net.cfg['taskExperts'], net.cfg['sharedExperts']
    levels = 1 if net.architecture == 'cgc' else net.cfg['levels']
    task_streams = x.unsqueeze(0).expand(T, -1, -1)                      # [T, B, in]
    shared_stream = x                                                     # [B, in]
    for j in range(levels):
        task_ex = _experts(net, 'level%d/task' % j, task_streams, mk)    # [T, mk, B, H]
        shared_ex = _experts(net, 'level%d/shared' % j, shared_stream, ms)  # [ms, B, H]
        candidates = torch.cat([task_ex, shared_ex.unsqueeze(0).expand(T, -1, -1, -1)], dim=1)
        gates = _gate(net, 'level%d/taskGate' % j, task_streams, True)    # [T, B, mk + ms]
        mixed = torch.einsum('tbe,tebh->tbh', gates, candidates)
        if j < levels - 1:
            every = torch.cat([task_ex.reshape(T * mk, *task_ex.shape[2:]), shared_ex], dim=0)
            shared_gates = _gate(net, 'level%d/sharedGate' % j, shared_stream)  # [B, T mk + ms]
            shared_stream = torch.einsum('be,ebh->bh', shared_gates, every)
        task_streams = mixed
    return towers(net, task_streams)


def forward_cross_stitch(net, x):
    h = x.unsqueeze(0).expand(net.T, -1, -1)                             # [T, B, D]
    for l in range(len(net.cfg['hidden'])):
        h = torch.relu(dense(h, net.p('columns/%d/kernel' % l), net.p('columns/%d/bias' % l)))
        h = torch.einsum('ts,sbh->tbh', net.p('stitch/%d' % l), h)       # h_t <- sum_s a_ts h_s
    return towers(net, h)


def forward_multitab(net, x):
    """MultiTab-Net: task tokens + one token per feature, pre-LN multi-head self-attention with the
    optional task-to-task mask, a pre-LN GELU FFN, then the inter-sample (flattened) FFN."""
    cfg, T = net.cfg, net.T
    B, D = x.shape
    e, heads = cfg['embedDim'], cfg['heads']
    dk = -(-e // heads)                                                   # ceil(e / heads)
    n = T + D
    feats = x.unsqueeze(-1) * net.p('embed/kernel') + net.p('embed/bias')  # [B, D, e]
    tokens = torch.cat([net.p('taskTokens').unsqueeze(0).expand(B, -1, -1), feats], dim=1)  # [B, n, e]

    z = layer_norm(tokens, net.p('features/ln1/gain'), net.p('features/ln1/bias'))

    def split_heads(name):
        return dense(z, net.p(name + '/kernel'), net.p(name + '/bias')).reshape(B, n, heads, dk).transpose(1, 2)

    q, k, v = split_heads('features/query'), split_heads('features/key'), split_heads('features/value')
    scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(dk))  # [B, heads, n, n]
    if cfg['taskMask'] == 'TxT':
        mask = torch.zeros(n, n, dtype=scores.dtype, device=scores.device)
        mask[:T, :T] = -1e9
        own = torch.arange(T, device=scores.device)
        mask[own, own] = 0.0                                              # a task token sees itself
        scores = scores + mask
    attention = torch.softmax(scores, dim=-1)
    context = torch.matmul(attention, v).transpose(1, 2).reshape(B, n, heads * dk)
    tokens = tokens + dense(context, net.p('features/out/kernel'), net.p('features/out/bias'))
    z2 = layer_norm(tokens, net.p('features/ln2/gain'), net.p('features/ln2/bias'))
    hidden = gelu(dense(z2, net.p('features/ffn0/kernel'), net.p('features/ffn0/bias')))
    tokens = tokens + dense(hidden, net.p('features/ffn1/kernel'), net.p('features/ffn1/bias'))

    flat = tokens.reshape(B, n * e)
    normed = layer_norm(flat, net.p('samples/ln/gain'), net.p('samples/ln/bias'))
    hidden = gelu(dense(normed, net.p('samples/ffn0/kernel'), net.p('samples/ffn0/bias')))
    tokens = (flat + dense(hidden, net.p('samples/ffn1/kernel'), net.p('samples/ffn1/bias'))).reshape(B, n, e)
    return towers(net, tokens[:, :T].transpose(0, 1))                    # task t reads token t


ARCHITECTURES = {
    'shared-bottom': forward_shared_bottom,
    'stl': forward_stl,
    'mmoe': forward_mmoe,
    'cgc': forward_progressive,
    'ple': forward_progressive,
    'cross-stitch': forward_cross_stitch,
    'multitab-net': forward_multitab,
    'dsmtl': forward_dsmtl,
    'sparse-moe': forward_sparse_moe,
}


def task_losses(outputs, y, mask, tasks):
    """Per-task loss [T], each a mean over the task's labelled rows (0 when there are none):
    regression MSE, binary cross-entropy on the logit, multiclass softmax cross-entropy."""
    losses = []
    for t, task in enumerate(tasks):
        z, label, m = outputs[t], y[:, t], mask[:, t]
        if task['kind'] == 'regression':
            element = (z[:, 0] - label) ** 2
        elif task['kind'] == 'binary':
            element = torch.nn.functional.binary_cross_entropy_with_logits(z[:, 0], label, reduction='none')
        else:
            element = torch.nn.functional.cross_entropy(z[:, :task['outputs']], label.long(), reduction='none')
        losses.append((element * m).sum() / m.sum().clamp(min=1.0))
    return torch.stack(losses)


def training_losses(net, outputs, y, mask, tasks):
    """The per-task losses a training step minimises: task_losses plus the architecture's
    auxiliary shares from the forward that made outputs (the sparse MoE's load balancing), as the
    lab's training step adds them (src/core/train/auxLoss.ts)."""
    losses = task_losses(outputs, y, mask, tasks)
    return losses if net.aux_losses is None else losses + net.aux_losses


def predictions(outputs, tasks):
    """Label units, as trainer.predict: regression value, binary probability, multiclass class."""
    z = outputs.detach().cpu().numpy().astype(np.float64)
    columns = []
    for t, task in enumerate(tasks):
        if task['kind'] == 'regression':
            # A standardised target (labelMean/labelStd in the description) back in label units.
            columns.append(z[t, :, 0] * task.get('labelStd', 1.0) + task.get('labelMean', 0.0))
        elif task['kind'] == 'binary':
            columns.append(1.0 / (1.0 + np.exp(-z[t, :, 0])))
        else:
            columns.append(np.argmax(z[t, :, :task['outputs']], axis=1))
    return columns
`;
