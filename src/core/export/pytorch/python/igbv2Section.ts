/**
 * Python section: IGBv2, ported from src/core/methods/transforms/igbv2.ts and sac/ (same schedule,
 * reward, buffer, networks and update; PyTorch autograd in float64 in place of the lab's hand-written
 * gradients). Its random numbers come from the run's numpy generator and a torch generator seeded
 * from it, not from the lab's generator, so a run follows the lab's in distribution, not step by
 * step (like RLW).
 */
export const PY_IGBV2 = String.raw`

# ---- IGBv2: improvable gap balancing with a soft actor-critic ----------------------------------

import copy


def _sac_linear(inputs, outputs, gen):
    """nn.Linear in float64 with PyTorch's default bounds U(-1/sqrt(in), 1/sqrt(in)), drawn from gen."""
    layer = nn.Linear(inputs, outputs).double()
    bound = 1.0 / math.sqrt(inputs)
    with torch.no_grad():
        for p in (layer.weight, layer.bias):
            p.copy_((2 * torch.rand(p.shape, generator=gen, dtype=torch.float64) - 1) * bound)
    return layer


class SacAgent:
    """Actor state -> ReLU(w) -> ReLU(w) -> (mu, log sigma clamped to [-20, 2]); action T softmax(u),
    u = mu + sigma n. log pi keeps the official tanh correction. Twin critics (state, action) ->
    ReLU(w) -> ReLU(w) -> 1 with Polyak targets; alpha adaptive toward entropy -T."""

    def __init__(self, tasks, width, lr, gen, gamma=0.99, tau=0.005, alpha=0.2):
        self.T, self.gen, self.gamma, self.tau = tasks, gen, gamma, tau
        self.body = nn.Sequential(_sac_linear(tasks, width, gen), nn.ReLU(),
                                  _sac_linear(width, width, gen), nn.ReLU())
        self.head = _sac_linear(width, 2 * tasks, gen)
        critic = lambda: nn.Sequential(_sac_linear(2 * tasks, width, gen), nn.ReLU(),
                                       _sac_linear(width, width, gen), nn.ReLU(), _sac_linear(width, 1, gen))
        self.critics = [critic(), critic()]
        self.targets = [copy.deepcopy(c) for c in self.critics]
        self.actor_opt = torch.optim.Adam(list(self.body.parameters()) + list(self.head.parameters()), lr=lr)
        self.critic_opt = torch.optim.Adam([p for c in self.critics for p in c.parameters()], lr=lr)
        self.log_alpha = torch.tensor(math.log(alpha), dtype=torch.float64, requires_grad=True)
        self.alpha_opt = torch.optim.Adam([self.log_alpha], lr=lr)
        self.updates = 0

    def policy(self, states):
        out = self.head(self.body(states))
        mu, log_std = out[:, :self.T], torch.clamp(out[:, self.T:], -20, 2)
        noise = torch.randn(mu.shape, generator=self.gen, dtype=torch.float64)
        u = mu + torch.exp(log_std) * noise
        log_prob = (-0.5 * noise ** 2 - log_std - 0.5 * math.log(2 * math.pi)).sum(1)
        log_prob = log_prob - (2 * (math.log(2) - u - torch.nn.functional.softplus(-2 * u))).sum(1)
        return self.T * torch.softmax(u, 1), log_prob

    def act(self, losses):
        with torch.no_grad():
            return self.policy(torch.as_tensor(losses, dtype=torch.float64)[None])[0][0].numpy()

    def q(self, nets, states, actions):
        sa = torch.cat([states, actions], 1)
        return [net(sa)[:, 0] for net in nets]

    def update(self, s, a, r, s2):
        alpha = float(torch.exp(self.log_alpha))
        with torch.no_grad():
            a2, lp2 = self.policy(s2)
            y = r + self.gamma * (torch.minimum(*self.q(self.targets, s2, a2)) - alpha * lp2)
        q1, q2 = self.q(self.critics, s, a)
        self.critic_opt.zero_grad()
        (torch.nn.functional.mse_loss(q1, y) + torch.nn.functional.mse_loss(q2, y)).backward()
        self.critic_opt.step()
        for c in self.critics:
            c.requires_grad_(False)
        actions, log_prob = self.policy(s)
        self.actor_opt.zero_grad()
        (alpha * log_prob - torch.minimum(*self.q(self.critics, s, actions))).mean().backward()
        self.actor_opt.step()
        for c in self.critics:
            c.requires_grad_(True)
        self.alpha_opt.zero_grad()
        (-(self.log_alpha * (log_prob.detach() - self.T)).mean()).backward()
        self.alpha_opt.step()
        with torch.no_grad():
            for c, t in zip(self.critics, self.targets):
                for p, pt in zip(c.parameters(), t.parameters()):
                    pt.mul_(1 - self.tau).add_(self.tau * p)
        self.updates += 1


class IGBv2Transform:
    """w = the SAC agent's action on the batch losses (random T softmax(N(0, I)) before sac_start_epoch);
    reward min_i (l_i(t-1) - l_i(t)) / l_base_i; updates every sac_update_every steps from
    sac_update_after epochs, floor(every k / 2) minibatches of floor(256 k / 2), k = 1 + fill."""

    def __init__(self, tasks, options, rng=None):
        self.T, self.rng = tasks, rng if rng is not None else np.random.default_rng(0)
        self.base_window = IGBv1Transform(tasks, options)
        self.start = int(options['sac_start_epoch'])
        self.after, self.every = int(options['sac_update_after']), int(options['sac_update_every'])
        self.capacity = int(options['sac_buffer'])
        gen = torch.Generator().manual_seed(int(self.rng.integers(2 ** 31)))
        self.agent = SacAgent(tasks, int(options['sac_hidden']), float(options['sac_lr']), gen)
        self.buffer = [np.zeros((self.capacity, tasks)) for _ in range(2)] + [np.zeros(self.capacity)] + \
            [np.zeros((self.capacity, tasks))]
        self.size, self.pointer, self.previous = 0, 0, None

    def weights(self, step, steps_per_epoch, losses):
        losses = np.asarray(losses, dtype=np.float64)
        self.base_window.weights(step, steps_per_epoch, losses)
        base = self.base_window.base
        ok = np.all(np.isfinite(losses))
        if base is not None and self.previous is not None and ok and np.all(np.isfinite(self.previous[0])):
            reward = np.min((self.previous[0] - losses) / base)
            for store, value in zip(self.buffer, (self.previous[0], self.previous[1], reward, losses)):
                store[self.pointer] = value
            self.pointer, self.size = (self.pointer + 1) % self.capacity, min(self.size + 1, self.capacity)
        if step >= self.after * steps_per_epoch and step % self.every == 0 and self.size > 0:
            k = 1 + self.size / self.capacity
            for _ in range(int(self.every * k / 2)):
                rows = self.rng.integers(0, self.size, int(256 * k / 2))
                self.agent.update(*(torch.as_tensor(store[rows]) for store in self.buffer))
        if step < self.start * steps_per_epoch:
            w = self.T * softmax_np(self.rng.standard_normal(self.T))
        else:
            w = self.agent.act(losses) if ok else np.ones(self.T)
        self.previous = (losses, w)
        return w


LOSS_TRANSFORMS['igbv2'] = IGBv2Transform
`;
