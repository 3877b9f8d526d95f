/**
 * Python section: the method interface and the loss methods (EW, RLW, UW, DWA), ported from
 * src/core/methods (LibMTL conventions). Gradient methods follow in gradientMethodsSection.ts.
 */
export const PY_METHODS = String.raw`
# ============================================================================================
# Task-balancing methods (ported from the lab's src/core/methods, LibMTL conventions).
#   family 'loss':     the step minimises sum_i w_i l_i, so heads and shared layers see w_i.
#   family 'gradient': per-task gradients g_i on the SHARED parameters (J = [g_1; ...; g_T]) are
#                      combined as d = J^T w from the Gram matrix G = J J^T; every head gets the
#                      plain gradient of its own task (unweighted), as LibMTL does.
# ============================================================================================

def softmax_np(v, temperature=1.0):
    z = np.asarray(v, dtype=np.float64) / temperature
    z = np.exp(z - z.max())
    return z / z.sum()


def nonzero_tasks(gram):
    """Tasks whose shared gradient is not (numerically) zero, e.g. no labelled row in the batch."""
    norms = np.sqrt(np.maximum(np.diag(gram), 0.0))
    largest = max(norms.max(), 0.0)
    return [i for i, n in enumerate(norms) if n > 1e-10 * largest and n > 1e-150]


class Method:
    family = 'loss'

    def __init__(self, tasks, options, learning_rate, rng, device='cpu'):
        self.T, self.options, self.lr, self.rng = tasks, options, learning_rate, rng

    def update_own_parameters(self, average):
        """After backward: train the method's own parameters (UW's log-variances), if any."""

    def loss_weights(self, step, losses):
        return np.ones(self.T)

    def total_loss(self, losses, weights):
        return (losses * torch.as_tensor(weights, dtype=losses.dtype, device=losses.device)).sum()

    def aggregate(self, step, losses, gram):
        """Gradient methods: (weights on the task gradients, weights on each head's gradient)."""
        raise NotImplementedError

    def observe(self, losses):
        pass


class EW(Method):
    """Equal weighting: the plain sum of the task losses (LibMTL uses weight 1, not 1/T)."""


class RLW(Method):
    """Random loss weighting: softmax of fresh Gaussian noise every step (weights sum to 1)."""

    def loss_weights(self, step, losses):
        return softmax_np(self.rng.standard_normal(self.T))


class UW(Method):
    """Uncertainty weighting (LibMTL form): sum_i l_i / (2 exp(s_i)) + s_i / 2, s learned with
    Adam (weight decay 1e-5) at the model's learning rate unless weight_lr is set. form 'paper':
    classification tasks use l_i / exp(s_i) + s_i / 2 (Kendall et al.'s factor 1)."""

    def __init__(self, tasks, options, learning_rate, rng, device='cpu'):
        super().__init__(tasks, options, learning_rate, rng)
        self.log_variance = nn.Parameter(torch.full((tasks,), float(options['init']), device=device))
        lr = float(options['weight_lr']) or learning_rate
        self.optimizer = torch.optim.Adam([self.log_variance], lr=lr, weight_decay=1e-5)

    def update_own_parameters(self, average):
        average(self.log_variance.grad)
        self.optimizer.step()
        self.optimizer.zero_grad()

    def divisors(self, like):
        paper = self.options.get('form', 'libmtl') == 'paper'
        kinds = getattr(self, 'task_kinds', ['regression'] * self.T)
        values = [1.0 if paper and kind != 'regression' else 2.0 for kind in kinds]
        return torch.as_tensor(values, dtype=like.dtype, device=like.device)

    def loss_weights(self, step, losses):
        s = self.log_variance.detach()
        return (1.0 / (self.divisors(s) * torch.exp(s))).cpu().numpy().astype(np.float64)

    def total_loss(self, losses, weights):
        s = self.log_variance
        return (losses / (self.divisors(s) * torch.exp(s)) + 0.5 * s).sum()


class DWA(Method):
    """Dynamic weight average, iteration-window form: weights 1 until 2W loss vectors were seen,
    then T softmax(r / temp) with r = mean of the last W losses / mean of the W before."""

    def __init__(self, tasks, options, learning_rate, rng, device='cpu'):
        super().__init__(tasks, options, learning_rate, rng)
        self.temp, self.window = float(options['temp']), int(options['window'])
        self.history = []

    def loss_weights(self, step, losses):
        W = self.window
        if len(self.history) < 2 * W:
            return np.ones(self.T)
        h = np.array(self.history)
        with np.errstate(divide='ignore', invalid='ignore'):
            ratios = h[W:].mean(axis=0) / h[:W].mean(axis=0)
        ratios = np.where(np.isfinite(ratios), ratios, 1.0)
        return self.T * softmax_np(ratios, self.temp)

    def observe(self, losses):
        if np.all(np.isfinite(losses)):
            self.history.append(np.array(losses, dtype=np.float64))
            self.history = self.history[-2 * self.window:]
`;
