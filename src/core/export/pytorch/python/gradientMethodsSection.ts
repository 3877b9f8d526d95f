/**
 * Python section: the gradient methods (MGDA, PCGrad, CAGrad) ported from src/core/methods with
 * their inner solvers (min-norm point, non-negative QP, CAGrad's dual) in float64 NumPy, and the
 * table of every method the file can train with.
 */
export const PY_GRADIENT_METHODS = String.raw`

# ---- MGDA: min-norm point of the convex hull of the task gradients ----------------------------

def min_norm_pair(v11, v12, v22):
    """min over gamma in [0, 1] of |gamma v1 + (1 - gamma) v2|^2 -> (gamma, cost)."""
    if v12 >= v11:
        return 1.0, v11
    if v12 >= v22:
        return 0.0, v22
    gamma = (v22 - v12) / (v11 + v22 - 2.0 * v12)
    return gamma, v22 + gamma * (v12 - v22)


def project_to_simplex(y):
    u = np.sort(y)[::-1]
    candidates = (np.cumsum(u) - 1.0) / np.arange(1, len(y) + 1)
    above = np.flatnonzero(u - candidates > 0)
    theta = candidates[above[-1]] if len(above) else 0.0
    return np.maximum(y - theta, 0.0)


def solve_nonnegative_qp(Q, c):
    """min 1/2 x^T Q x + c^T x subject to x >= 0, by a Lawson-Hanson style active-set method."""
    n = len(c)
    tol = 1e-13 * (max(np.abs(np.diag(Q)).max(), np.abs(c).max()) or 1.0)
    x = np.zeros(n)
    free = np.zeros(n, dtype=bool)

    def solve_free():
        idx = np.flatnonzero(free)
        try:
            L = np.linalg.cholesky(Q[np.ix_(idx, idx)])
        except np.linalg.LinAlgError:
            return None
        z = np.zeros(n)
        z[idx] = np.linalg.solve(L.T, np.linalg.solve(L, -c[idx]))
        return z

    for _ in range(50 * n + 50):
        multipliers = -(Q @ x + c)
        multipliers[free] = -np.inf
        enter = int(np.argmax(multipliers))
        if multipliers[enter] <= tol:
            break
        free[enter] = True
        for _ in range(50 * n + 50):
            z = solve_free()
            if z is None:
                free[enter] = False
                break
            if np.all(z[free] > 0):
                x = z
                break
            blocked = free & (z <= 0)
            step = min(1.0, float(np.min(x[blocked] / (x[blocked] - z[blocked]))))
            x = x + step * (z - x)
            leaving = free & (x <= tol)
            free[leaving] = False
            x[leaving] = 0.0
    return np.maximum(x, 0.0)


def min_norm_point(G, max_iter=250, tol=1e-5):
    """argmin over the simplex of a^T G a: LibMTL's best pair + projected gradient with exact
    line search, then (as the lab does) an exact active-set polish when it is at least as good."""
    n = len(G)
    if n == 1:
        return np.ones(1)
    best = (np.inf, 0, 1, 1.0)
    for i in range(n):
        for j in range(i + 1, n):
            gamma, cost = min_norm_pair(G[i, i], G[i, j], G[j, j])
            if cost < best[0]:
                best = (cost, i, j, gamma)
    alpha = np.zeros(n)
    alpha[best[1]], alpha[best[2]] = best[3], 1.0 - best[3]
    if n == 2:
        return alpha
    for _ in range(max_iter):
        grad = -(G @ alpha)
        proj = grad - grad.mean()
        step = np.inf
        for k in range(n):
            if proj[k] < 0:
                candidate = -alpha[k] / proj[k]
            elif proj[k] > 0:
                candidate = (1.0 - alpha[k]) / proj[k]
            else:
                continue
            if 1e-7 < candidate < step:
                step = candidate
        point = project_to_simplex(alpha + (step if np.isfinite(step) else 1.0) * proj)
        gamma, _ = min_norm_pair(alpha @ G @ alpha, alpha @ G @ point, point @ G @ point)
        new = gamma * alpha + (1.0 - gamma) * point
        change = np.abs(new - alpha).sum()
        alpha = new
        if change < tol:
            break
    largest = np.diag(G).max()
    if largest > 0:
        scaled = G / largest + 1e-13 * np.eye(n)
        x = solve_nonnegative_qp(scaled, -np.ones(n))
        if 0 < x.sum() < np.inf:
            polished = x / x.sum()
            if polished @ G @ polished <= (alpha @ G @ alpha) * (1 + 1e-12) + 1e-300:
                return polished
    return alpha


class MGDA(Method):
    """MGDA: weights on the simplex minimising |sum_i a_i g_i / c_i|^2 (mgda_gn picks c_i:
    'none' 1, 'l2' |g_i|, 'loss' l_i, 'loss+' l_i |g_i|); the update is sum_i a_i g_i / c_i."""
    family = 'gradient'

    def aggregate(self, step, losses, gram):
        kind = self.options['mgda_gn']
        norms = np.sqrt(np.maximum(np.diag(gram), 0.0))
        c = {'l2': norms, 'loss': losses, 'loss+': losses * norms}.get(kind, np.ones(self.T))
        c = np.where((c > 0) & np.isfinite(c), c, 1.0)
        alpha = min_norm_point(gram / np.outer(c, c))
        return alpha / c, np.ones(self.T)


class PCGrad(Method):
    """PCGrad (Gram form): for each task, project away conflicts with the ORIGINAL other task
    gradients in a fresh random order; the update is the SUM of the projected gradients."""
    family = 'gradient'

    def aggregate(self, step, losses, gram):
        usable = nonzero_tasks(gram)
        weights = np.zeros(self.T)
        for i in range(self.T):
            coef = np.zeros(self.T)
            coef[i] = 1.0
            others = [j for j in usable if j != i]
            for j in self.rng.permutation(others):
                inner = gram[j] @ coef
                if inner < 0:
                    coef[j] -= inner / gram[j, j]
            weights += coef
        return weights, np.ones(self.T)


# ---- CAGrad ---------------------------------------------------------------------------------

def cagrad_objective(G, phi, w):
    return (G @ w).mean() + phi * math.sqrt(max(w @ G @ w, 0.0) + 1e-8)


def golden_section(f, lo, hi, iterations=200):
    ratio = (math.sqrt(5) - 1) / 2
    a, b = lo, hi
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(iterations):
        if b - a <= 1e-15:
            break
        if fc <= fd:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = f(d)
    return min([lo, hi, 0.5 * (a + b)], key=f)


def solve_cagrad_dual(G, phi, max_iter=2000):
    """argmin over the simplex of w^T G (1/T) + phi sqrt(w^T G w + 1e-8) (LibMTL uses SLSQP):
    golden section for T = 2, projected gradient with Armijo backtracking otherwise."""
    n = len(G)
    objective = lambda w: cagrad_objective(G, phi, w)
    if n == 1:
        return np.ones(1)
    if n == 2:
        x = golden_section(lambda v: objective(np.array([v, 1.0 - v])), 0.0, 1.0)
        return np.array([x, 1.0 - x])
    gb = G @ np.full(n, 1.0 / n)

    def gradient(w):
        gw = G @ w
        return gb + phi * gw / math.sqrt(w @ gw + 1e-8)

    w = np.full(n, 1.0 / n)
    fw = objective(w)
    best, f_best = w, fw
    step = 1.0 / (np.trace(G) * (1 + phi / math.sqrt(max(w @ G @ w, 1e-16))) + 1e-300)
    stalled = 0
    for _ in range(max_iter):
        grad = gradient(w)
        accepted = False
        for _ in range(60):
            new = project_to_simplex(w - step * grad)
            f_new = objective(new)
            diff = new - w
            if f_new <= fw + grad @ diff + (diff @ diff) / (2 * step) + 1e-15 * abs(fw):
                accepted = True
                break
            step *= 0.5
        if not accepted:
            break
        change = np.abs(new - w).sum()
        w, fw = new, f_new
        stalled = 0 if fw < f_best - 1e-15 * abs(f_best) else stalled + 1
        if fw < f_best:
            best, f_best = w, fw
        if change < 1e-14 or stalled >= 10:
            break
        step *= 1.5
    return best


class CAGrad(Method):
    """CAGrad (LibMTL's exact form): phi = c |g_0| with g_0 the mean gradient, w* from the dual,
    weights (1/T + lambda w*_i) / rescale with lambda = phi / |g_w| and rescale 1, 1+c^2 or 1+c."""
    family = 'gradient'

    def aggregate(self, step, losses, gram):
        c, rescale, T = float(self.options['c']), int(self.options['rescale']), self.T
        phi = c * math.sqrt(max(gram.mean(), 0.0) + 1e-8) + 1e-8
        w = solve_cagrad_dual(gram, phi)
        lam = phi / (math.sqrt(max(w @ gram @ w, 0.0)) + 1e-8)
        divisor = {1: 1 + c * c, 2: 1 + c}.get(rescale, 1.0)
        return (1.0 / T + lam * w) / divisor, np.ones(T)


METHODS = {'ew': EW, 'rlw': RLW, 'uw': UW, 'dwa': DWA, 'mgda': MGDA, 'pcgrad': PCGrad, 'cagrad': CAGrad}
`;
