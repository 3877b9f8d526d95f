/**
 * Python section: the training procedures (ported from src/core/train/samStep.ts and
 * fomamlStep.ts): flat-region SAM around a gradient method or EW, and MMoEEx's two-step FOMAML.
 * Both perturb the parameters in place per task and restore them from copies (exactly), where the
 * lab uses per-task replicated copies; the arithmetic per task is the same.
 */
import { PROCEDURES } from '../../../methods/procedures/registry';

/** The procedures' option defaults, embedded as JSON. */
const PROCEDURE_DEFAULTS = JSON.stringify(
  Object.fromEntries(PROCEDURES.flatMap((p) => p.options.map((o) => [o.key, o.default]))),
);

export const PY_PROCEDURES = String.raw`

# ---- Training procedures: flat-region SAM and MMoEEx's two-step FOMAML ---------------------------

EMBEDDED_PROCEDURE_DEFAULTS = json.loads('${PROCEDURE_DEFAULTS}')


def task_gradients(net, loss, task, retain):
    """Task task's gradient on the shared parameters, and on row task of every task-specific one."""
    shared, heads = net.shared_parameters(), net.task_parameters()
    params = shared + heads
    grads = torch.autograd.grad(loss, params, retain_graph=retain, allow_unused=True)
    grads = [g if g is not None else torch.zeros_like(p) for g, p in zip(grads, params)]
    return grads[:len(shared)], [g[task] for g in grads[len(shared):]]


def flat(tensors, like):
    return torch.cat([t.reshape(-1) for t in tensors]) if tensors else like.new_zeros(0)


def weigh(method, step, losses, gram):
    """(weights, head weights) of a gradient method or of EW (optionally transformed)."""
    if method.family == 'gradient':
        weights, head_weights = method.aggregate(step, losses, gram)
        return np.asarray(weights, dtype=np.float64), np.asarray(head_weights, dtype=np.float64)
    weights = np.asarray(method.loss_weights(step, torch.as_tensor(losses)), dtype=np.float64)
    return weights, weights


def set_gradients(net, update, head_grads, head_weights):
    """Shared parameters get the flat update; task-specific ones row t times head_weights[t]."""
    offset = 0
    for p in net.shared_parameters():
        p.grad = update[offset:offset + p.numel()].view_as(p).clone()
        offset += p.numel()
    for k, p in enumerate(net.task_parameters()):
        p.grad = torch.stack([head_grads[t][k] * float(head_weights[t]) for t in range(net.T)])


class Restore:
    """Copies of every parameter, written back exactly after a perturbed pass."""

    def __init__(self, net):
        self.params = net.shared_parameters() + net.task_parameters()
        self.saved = [p.detach().clone() for p in self.params]

    def __call__(self):
        with torch.no_grad():
            for p, v in zip(self.params, self.saved):
                p.copy_(v)


class SamProcedure:
    """Flat-region SAM: eps_i = rho s_i / (|a_i| + 1e-12) on the shared parameters and task i's own
    row (plain s = a = g; adaptive s = w*w*g, a = |w|*g; joint or separate norms); the method
    weighs the loss gradients J and the flatness gradients H = J_sam - J separately (its second
    instance for H), heads take their gradient at their own perturbed point."""

    def __init__(self, method, flatness, options):
        self.method, self.flatness = method, flatness
        self.rho = float(options['sam_rho'])
        self.adaptive = bool(options['sam_adaptive'])
        self.joint = options['sam_norm'] == 'joint'

    def _block(self, grads, weights):
        a = [w.abs() * g if self.adaptive else g for g, w in zip(grads, weights)]
        s = [w * w * g if self.adaptive else g for g, w in zip(grads, weights)]
        return s, sum(float((t * t).sum()) for t in a)

    def step(self, net, x, y, mask, tasks, step):
        shared, heads = net.shared_parameters(), net.task_parameters()
        losses = training_losses(net, net(x), y, mask, tasks)
        base = [task_gradients(net, losses[i], i, True) for i in range(net.T)]
        restore = Restore(net)
        at = []
        for i in range(net.T):
            s_s, sq_s = self._block(base[i][0], [p.detach() for p in shared])
            s_h, sq_h = self._block(base[i][1], [p.detach()[i] for p in heads])
            if self.joint and shared and heads:
                c_s = c_h = self.rho / (math.sqrt(sq_s + sq_h) + 1e-12)
            else:
                c_s = self.rho / (math.sqrt(sq_s) + 1e-12)
                c_h = self.rho / (math.sqrt(sq_h) + 1e-12)
            with torch.no_grad():
                for p, s in zip(shared, s_s):
                    p.add_(s * c_s)
                for p, s in zip(heads, s_h):
                    p[i].add_(s * c_h)
            perturbed = training_losses(net, net(x), y, mask, tasks)
            at.append(task_gradients(net, perturbed[i], i, False))
            restore()
        J = torch.stack([flat(g[0], losses) for g in base])
        H = torch.stack([flat(g[0], losses) for g in at]) - J
        step_losses = losses.detach().cpu().numpy().astype(np.float64)
        J64, H64 = J.double(), H.double()
        gram, gram_h = (J64 @ J64.T).cpu().numpy(), (H64 @ H64.T).cpu().numpy()
        weights, head_weights = weigh(self.method, step, step_losses, gram)
        update = torch.as_tensor(weights, dtype=J.dtype, device=J.device) @ J
        if np.any(gram_h != 0):  # rho = 0: every h_i = 0 and the step is the method's own
            flat_weights, _ = weigh(self.flatness, step, step_losses, gram_h)
            update = update + torch.as_tensor(flat_weights, dtype=J.dtype, device=J.device) @ H
        set_gradients(net, update, [g[1] for g in at], head_weights)
        self.flatness.observe(step_losses)
        return weights, step_losses


class FomamlProcedure:
    """MMoEEx two-step balancing, first-order MAML: rows [0, floor(s B)) take each task's plain-SGD
    inner step, the outer rows' gradients at that point (weighted by LBTW lambda or 1, then by the
    method on the lambda-scaled outer losses and Gram) update the real weights."""

    def __init__(self, method, options):
        self.method = method
        self.share, self.eta = float(options['maml_split']), float(options['maml_inner_lr'])
        self.lbtw, self.alpha = bool(options['maml_lbtw']), float(options['maml_lbtw_alpha'])
        self.first, self.epoch, self.steps_per_epoch = None, -1, 1

    def lambdas(self, step, losses):
        if not self.lbtw:
            return np.ones(len(losses))
        epoch = step // max(1, self.steps_per_epoch)
        if self.first is None or epoch != self.epoch:
            self.first, self.epoch = losses.copy(), epoch
        with np.errstate(divide='ignore', invalid='ignore'):
            ratio = losses / self.first
        out = np.ones(len(losses))
        ok = np.isfinite(ratio) & (ratio > 0)
        out[ok] = np.clip(ratio[ok] ** self.alpha, 0.5, 1.5)
        return out

    def step(self, net, x, y, mask, tasks, step):
        B = x.shape[0]
        n = int(math.floor(self.share * B))
        if n < 1 or n >= B:
            raise SystemExit('error: batch %d x inner share %g leaves an empty split' % (B, self.share))
        shared, heads = net.shared_parameters(), net.task_parameters()
        inner = training_losses(net, net(x[:n]), y[:n], mask[:n], tasks)
        restore = Restore(net)
        # Every task's inner gradient at the real weights first: the inner steps below change the
        # weights in place, which autograd refuses on a graph it still has to walk.
        inner_grads = [task_gradients(net, inner[k], k, k < net.T - 1) for k in range(net.T)]
        rows, head_grads, outer = [], [], np.zeros(net.T)
        for k in range(net.T):
            g_s, g_h = inner_grads[k]
            with torch.no_grad():
                for p, g in zip(shared, g_s):
                    p.sub_(self.eta * g)
                for p, g in zip(heads, g_h):
                    p[k].sub_(self.eta * g)
            out = training_losses(net, net(x[n:]), y[n:], mask[n:], tasks)
            o_s, o_h = task_gradients(net, out[k], k, False)
            rows.append(flat(o_s, inner))
            head_grads.append(o_h)
            outer[k] = float(out[k])
            restore()
        lam = self.lambdas(step, inner.detach().cpu().numpy().astype(np.float64))
        J = torch.stack(rows)
        J64 = J.double()
        gram = (J64 @ J64.T).cpu().numpy()
        weights, head_weights = weigh(self.method, step, lam * outer, gram * np.outer(lam, lam))
        weights, head_weights = weights * lam, head_weights * lam
        update = torch.as_tensor(weights, dtype=J.dtype, device=J.device) @ J
        set_gradients(net, update, head_grads, head_weights)
        return weights, outer


def make_procedure(procedure_id, make_method, options, world):
    """The procedure object for train(), or None; refuses what the lab refuses."""
    if procedure_id in (None, 'none'):
        return None
    if world > 1:
        raise SystemExit('error: training procedures run on one process')
    method = make_method()
    if method.family != 'gradient' and not isinstance(getattr(method, 'inner', method), EW):
        raise SystemExit('error: this file runs procedures around a gradient method or EW')
    options = {**EMBEDDED_PROCEDURE_DEFAULTS, **options}
    if procedure_id == 'sam':
        return SamProcedure(method, make_method(), options)
    if procedure_id == 'fomaml':
        return FomamlProcedure(method, options)
    raise SystemExit('error: unknown training procedure %r' % procedure_id)
`;
