/**
 * Replays a recorded pass (KernelMemory.record in kernels.ts) inside the module: one call from
 * the host per pass instead of one per kernel, on the calling thread and in the training threads
 * alike. A tape is float64 words in linear memory: [kernel, argument count, ...arguments]
 * repeated, kernel numbered as TAPE_KERNELS in kernels.ts (keep the two lists in the same order).
 */
import { gemmNN, gemmNT, gemmTN, transpose } from './gemm';
import {
  biasAct,
  colSum,
  mixBackward,
  mixForward,
  reluMask,
  softmaxGrad,
  softmaxRows,
} from './layers';
import { axpy, axpyAt, copy, scale, scaleAt, taskLoss, zero } from './update';

@inline
function int(a: usize, k: i32): i32 {
  return <i32>load<f64>(a + (<usize>k << 3));
}

@inline
function ptr(a: usize, k: i32): usize {
  return <usize>load<f64>(a + (<usize>k << 3));
}

@inline
function num(a: usize, k: i32): f32 {
  return <f32>load<f64>(a + (<usize>k << 3));
}

/** Runs the tape's calls in [tape, end) in order. */
export function replay(tape: usize, end: usize): void {
  let p = tape;
  while (p < end) {
    const kernel = <i32>load<f64>(p);
    const a = p + 16;
    switch (kernel) {
      case 0:
        gemmNN(int(a, 0), int(a, 1), int(a, 2), ptr(a, 3), int(a, 4), ptr(a, 5), int(a, 6), ptr(a, 7), int(a, 8), int(a, 9));
        break;
      case 1:
        gemmTN(int(a, 0), int(a, 1), int(a, 2), ptr(a, 3), int(a, 4), ptr(a, 5), int(a, 6), ptr(a, 7), int(a, 8), int(a, 9));
        break;
      case 2:
        gemmNT(int(a, 0), int(a, 1), int(a, 2), ptr(a, 3), int(a, 4), ptr(a, 5), int(a, 6), ptr(a, 7), int(a, 8), int(a, 9), ptr(a, 10));
        break;
      case 3:
        transpose(ptr(a, 0), int(a, 1), int(a, 2), int(a, 3), ptr(a, 4));
        break;
      case 4:
        biasAct(ptr(a, 0), int(a, 1), int(a, 2), ptr(a, 3), int(a, 4));
        break;
      case 5:
        reluMask(ptr(a, 0), ptr(a, 1), int(a, 2));
        break;
      case 6:
        colSum(ptr(a, 0), ptr(a, 1), int(a, 2), int(a, 3));
        break;
      case 7:
        softmaxRows(ptr(a, 0), ptr(a, 1), int(a, 2), int(a, 3));
        break;
      case 8:
        softmaxGrad(ptr(a, 0), ptr(a, 1), ptr(a, 2), int(a, 3), int(a, 4));
        break;
      case 9:
        mixForward(ptr(a, 0), ptr(a, 1), ptr(a, 2), int(a, 3), int(a, 4), int(a, 5));
        break;
      case 10:
        mixBackward(ptr(a, 0), ptr(a, 1), ptr(a, 2), ptr(a, 3), ptr(a, 4), int(a, 5), int(a, 6), int(a, 7));
        break;
      case 11:
        axpy(ptr(a, 0), ptr(a, 1), num(a, 2), int(a, 3));
        break;
      case 12:
        axpyAt(ptr(a, 0), ptr(a, 1), ptr(a, 2), int(a, 3));
        break;
      case 13:
        scale(ptr(a, 0), num(a, 1), int(a, 2));
        break;
      case 14:
        scaleAt(ptr(a, 0), ptr(a, 1), int(a, 2));
        break;
      case 15:
        copy(ptr(a, 0), ptr(a, 1), int(a, 2));
        break;
      case 16:
        zero(ptr(a, 0), int(a, 1));
        break;
      case 17:
        taskLoss(ptr(a, 0), ptr(a, 1), ptr(a, 2), ptr(a, 3), ptr(a, 4), int(a, 5), int(a, 6), int(a, 7), ptr(a, 8), ptr(a, 9), ptr(a, 10));
        break;
      default:
        unreachable();
    }
    p = a + ((<usize>int(p, 1)) << 3);
  }
}
