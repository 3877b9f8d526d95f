/**
 * Whether a run's training threads pay on this machine now: at build, the forward and weighted
 * backward are timed on the calling thread alone and on all threads, alternating, for a few tens
 * of milliseconds (no Adam step: the weights do not move). Where the threads are not faster (a
 * batch too small for the wake-ups, or cores already taken by other processes) the run keeps one
 * thread for good, so its arithmetic stays the same from step to step, and says why.
 */
import type { FusedRun } from './run';
import type { FusedThreads } from './threads';

/** Time spent measuring at most (each side), and rounds at least / at most. */
const BUDGET_MS = 40;
const MIN_ROUNDS = 3;
const MAX_ROUNDS = 25;
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
  // First calls compile and warm caches: not timed.
  one();
  threaded();
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
