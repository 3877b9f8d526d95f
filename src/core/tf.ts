/**
 * The one place src/core imports TensorFlow.js from, so Node (CLI, tests) and the browser share
 * the same core package. Backends are registered by the host (worker or CLI), not here.
 */
export * as tf from '@tensorflow/tfjs-core';
