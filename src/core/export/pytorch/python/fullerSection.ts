/**
 * Python section: FULLER's calibration (src/core/methods/fuller.ts, train/groupCalibration.ts) and
 * the representation-gradient step it trains with (train/representation.ts): r = ∂ℓ_t/∂z_t at the
 * towers' input, the Gram of r flattened over the batch, weights mean‖r‖/‖r_i‖ (then optionally
 * IMTL-G or Aligned-MTL on the calibrated Gram), the encoder's VJP of Σ w_i r_i, each feature-group
 * encoder's gradient rescaled to the mean group norm, towers with their own gradients.
 */
export const PY_FULLER = String.raw`

# ---- FULLER: multi-level gradient calibration (the lab's reading; the paper has no code) ------

def imtlg_weights(G):
    """IMTL-G from a Gram matrix: v = pinv(G) sqrt(diag G) after trace normalisation, a = v / sum v."""
    T = len(G)
    scale = np.trace(G)
    if not scale > 0:
        return np.zeros(T)
    g = G / scale
    v = np.linalg.pinv(g, hermitian=True) @ np.sqrt(np.maximum(np.diag(g), 0.0))
    total = v.sum()
    return v / total if abs(total) >= 1e-12 else np.zeros(T)


def aligned_weights(G):
    """Aligned-MTL ('min' scale): B = sqrt(l_min) V L^-1/2 V^T over the kept eigenpairs, a = B 1."""
    T = len(G)
    values, vectors = np.linalg.eigh(G)
    tol = max(values.max(), 0.0) * T * np.finfo(np.float32).eps
    kept = [k for k in range(T) if values[k] > tol and values[k] > 0]
    if not kept:
        return np.ones(T)
    scale = min(values[k] for k in kept)
    B = sum(math.sqrt(scale / values[k]) * np.outer(vectors[:, k], vectors[:, k]) for k in kept)
    return B @ np.ones(T)


class Fuller(Method):
    """Inter calibration: every task's representation gradient gets the mean norm (tasks with a
    zero gradient keep 0), then the optional direction rule; intra calibration in fuller_step."""
    family = 'representation'

    def aggregate(self, step, losses, gram):
        T = self.T
        norms = np.sqrt(np.maximum(np.diag(gram), 0.0))
        live = (norms > 1e-10 * norms.max()) & (norms > 1e-150) if T else norms > 0
        scale = np.zeros(T)
        if not live.any():
            scale[:] = 1.0
        else:
            scale[live] = norms[live].mean() / norms[live]
        rule = self.options.get('direction', 'none')
        alpha = np.ones(T)
        if rule != 'none':
            calibrated = gram * np.outer(scale, scale)
            alpha = imtlg_weights(calibrated) if rule == 'imtl-g' else aligned_weights(calibrated)
        return scale * alpha, np.ones(T)


def is_tower(name):
    return name.startswith('towers/') or name.startswith('output/')


def calibrate_groups(net, grads):
    """Each feature-group encoder's gradient (parameters groups/m/...) to the mean group norm."""
    groups = {}
    for name, g in grads.items():
        if name.startswith('groups/'):
            groups.setdefault(int(name.split('/')[1]), []).append(name)
    if len(groups) < 2:
        return
    order = sorted(groups)
    norms = torch.stack([torch.sqrt(sum((grads[n] ** 2).sum() for n in groups[m])) for m in order])
    target = norms.mean()
    for m, norm in zip(order, norms):
        factor = target / norm if norm > 0 else torch.zeros_like(norm)
        for n in groups[m]:
            grads[n] = grads[n] * factor


def fuller_step(net, method, x, y, mask, tasks, step, dist):
    """One representation-mode step (train/representation.ts): towers see z as a leaf."""
    if dist.world > 1:
        raise SystemExit('error: FULLER trains on one process in this file (no torchrun)')
    net(x)
    z = net.representation                                               # [T, B, H] (maybe a view)
    leaf = z.detach().requires_grad_(True)
    losses = task_losses(towers(net, leaf), y, mask, tasks)
    tower_names = [n for n in net.weights.keys() if is_tower(n)]
    grads = torch.autograd.grad(losses.sum(), [leaf] + [net.p(n) for n in tower_names])
    r, tower_grads = grads[0], grads[1:]
    R = r.reshape(net.T, -1).double()
    weights, head_weights = method.aggregate(step, losses.detach().double().cpu().numpy(),
                                             (R @ R.T).cpu().numpy())
    dz = r * torch.as_tensor(weights, dtype=r.dtype, device=r.device).view(-1, 1, 1)
    encoder_names = [n for n in net.weights.keys() if not is_tower(n)]
    encoder = torch.autograd.grad(z, [net.p(n) for n in encoder_names], grad_outputs=dz, allow_unused=True)
    named = {n: (g if g is not None else torch.zeros_like(net.p(n))) for n, g in zip(encoder_names, encoder)}
    if method.options.get('intra', True):
        calibrate_groups(net, named)
    for n, g in named.items():
        net.p(n).grad = g
    hw = torch.as_tensor(head_weights, dtype=r.dtype, device=r.device)
    for n, g in zip(tower_names, tower_grads):
        net.p(n).grad = g * hw.view(-1, *([1] * (g.dim() - 1)))
    return weights, losses.detach().double().cpu().numpy()


METHODS['fuller'] = Fuller
`;
