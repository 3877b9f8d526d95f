/**
 * Python section: IGBv1 and the loss transforms (ported from src/core/methods/transforms). A
 * transform turns the raw losses into w_i log l_i with detached weights w; its gradient is the
 * per-task rescaling c_i = w_i / l_i of each raw-loss gradient, so a stacked gradient method gets
 * the Gram matrix c_i c_j G_ij and its weights are mapped back by c (as the lab's compose.ts does).
 */
import { LOSS_TRANSFORMS } from '../../../methods/transforms/registry';

/** The transforms' option defaults (numbers only), embedded as JSON. */
const TRANSFORM_DEFAULTS = JSON.stringify(
  Object.fromEntries(LOSS_TRANSFORMS.flatMap((t) => t.options.map((o) => [o.key, o.default]))),
);

export const PY_TRANSFORMS = String.raw`

# ---- Loss transforms (IGB's composition) and IGBv1 ---------------------------------------------

LOG_LOSS_FLOOR = 1e-8
EMBEDDED_TRANSFORM_DEFAULTS = json.loads('${TRANSFORM_DEFAULTS}')


class LogLossesTransform:
    """sum_i log l_i: every task's gradient divided by its loss (l clamped at 1e-8)."""

    def __init__(self, tasks, options, rng=None):
        self.T = tasks

    def weights(self, step, steps_per_epoch, losses):
        return np.ones(self.T)


class IGBv1Transform:
    """Improvable gap balancing v1: w = T softmax(l / l_base) on the log-losses; l_base is the mean
    batch loss over epochs [base_epoch, base_epoch + base_epochs) (official: epoch 1), w = 1 before."""

    def __init__(self, tasks, options, rng=None):
        self.T = tasks
        self.start, self.length = int(options['base_epoch']), int(options['base_epochs'])
        self.sum, self.count, self.base = np.zeros(tasks), np.zeros(tasks), None

    def weights(self, step, steps_per_epoch, losses):
        lo, hi = self.start * steps_per_epoch, (self.start + self.length) * steps_per_epoch
        if self.base is None and step >= hi and np.any(self.count > 0):
            self.base = np.where(self.count > 0, self.sum / np.maximum(self.count, 1), 1.0)
        if self.base is None and lo <= step < hi:
            ok = np.isfinite(losses)
            self.sum[ok] += losses[ok]
            self.count[ok] += 1
        if self.base is None:
            return np.ones(self.T)
        return self.T * softmax_np(losses / np.maximum(self.base, LOG_LOSS_FLOOR))


LOSS_TRANSFORMS = {'log': LogLossesTransform, 'igbv1': IGBv1Transform}


def transform_step(weights, losses):
    """(scale c = w / l, transformed losses w log l), with l clamped at 1e-8."""
    clamped = np.where(np.isfinite(losses), np.maximum(losses, LOG_LOSS_FLOOR), losses)
    return weights / clamped, weights * np.log(clamped)


class Transformed(Method):
    """A method (a gradient method or EW) trained on the transformed losses w_i log l_i."""

    def __init__(self, inner, transform):
        super().__init__(inner.T, inner.options, inner.lr, inner.rng)
        self.inner, self.transform, self.family = inner, transform, inner.family
        self.steps_per_epoch, self.last_weights = 1, np.ones(inner.T)

    def _scale(self, step, losses):
        losses = np.asarray(losses, dtype=np.float64)
        w = self.transform.weights(step, self.steps_per_epoch, losses)
        self.last_weights = w
        return transform_step(w, losses)

    def loss_weights(self, step, losses):
        scale, _ = self._scale(step, losses.cpu().numpy().astype(np.float64))
        return scale * self.inner.loss_weights(step, losses)

    def aggregate(self, step, losses, gram):
        scale, transformed = self._scale(step, losses)
        weights, head_weights = self.inner.aggregate(step, transformed, gram * np.outer(scale, scale))
        return np.asarray(weights) * scale, np.asarray(head_weights) * scale

    def observe(self, losses):
        self.inner.observe(transform_step(self.last_weights, np.asarray(losses, dtype=np.float64))[1])


def with_transform(method, transform_id, options):
    if transform_id in (None, 'none'):
        return method
    if method.family != 'gradient' and not isinstance(method, EW):
        raise SystemExit('error: a loss transform goes under a gradient method or EW, not %s'
                         % type(method).__name__)
    return Transformed(method, LOSS_TRANSFORMS[transform_id](method.T, options, method.rng))


def IGBv1(tasks, options, learning_rate, rng, device='cpu'):
    """IGBv1 as a loss method: EW under the IGBv1 transform."""
    return Transformed(EW(tasks, options, learning_rate, rng), IGBv1Transform(tasks, options))


METHODS['igbv1'] = IGBv1
`;
