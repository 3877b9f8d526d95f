/**
 * Whether a run's training threads pay on this machine now: at build, the forward and weighted
 * backward are warmed up for 200 ms, then timed on the calling thread alone and on all threads,
 * alternating, for a few tens of milliseconds (no Adam step: the weights do not move). Where the threads are not faster (a
 * batch too small for the wake-ups, or cores already taken by other processes) the run keeps one
 * thread for good, so its arithmetic stays the same from step to step, and says why.
 */
import type { FusedRun } from './run';
import type { FusedThreads } from './threads';

/** Time spent measuring at most (each side), and rounds at least / at most. */
const BUDGET_MS = 40;
const MIN_ROUNDS = 3;
const MAX_ROUNDS = 25;
/** Untimed warm-up of both sides first. */
const WARMUP_MS = 200;
/** Threads must save at least this share of a step to be kept. */
const MARGIN = 0.9;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
};

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export interface ThreadChoice {
  keep: boolean;
  /** ms per forward and weighted backward on one thread and on the threads. */
  oneMs: number;
  threadsMs: number;
}

export function measureThreads(run: FusedRun, pool: FusedThreads): ThreadChoice {
  const ones = new Float64Array(run.T).fill(1);
  const one = () => {
    run.forward(run.train);
    run.backwardWeightedOn(run.whole);
  };
  const threaded = () => {
    pool.forward();
    pool.backwardWeighted(ones);
  };
  // The first calls compile, tier up and warm caches, on the workers too: not timed. A few calls
  // or 30 ms are not enough (Chromium, R0: two threads read 1.3-2.8 ms against 0.6-0.7 on one,
  // so the run kept one thread, where warm two threads run R0 1.66× faster than one); after
  // 200 ms of warm-up the choice keeps two threads there (2,294 steps/s against ~1,500).
  const warmUntil = performance.now() + WARMUP_MS;
  let warmups = 0;
  while (warmups < MIN_ROUNDS || performance.now() < warmUntil) {
    one();
    threaded();
    warmups++;
  }
  const oneMs: number[] = [];
  const threadsMs: number[] = [];
  let spent = 0;
  while (oneMs.length < MIN_ROUNDS || (oneMs.length < MAX_ROUNDS && spent < BUDGET_MS)) {
    const a = timed(one);
    const b = timed(threaded);
    oneMs.push(a);
    threadsMs.push(b);
    spent += Math.max(a, b);
  }
  pool.forgetGuess();
  const o = median(oneMs);
  const t = median(threadsMs);
  return { keep: t < o * MARGIN, oneMs: o, threadsMs: t };
}
