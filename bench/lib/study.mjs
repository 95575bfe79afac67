// The study both tuning benchmarks run: learning rate × hidden units of an MLP on Fashion-MNIST.
import { intUniform, logUniform } from '@mlrecipe/tune';

export const studyOptions = {
  space: { learningRate: logUniform(1e-4, 1e-1), units: intUniform(16, 128) },
  trials: 16,
  seed: 11,
  optimize: { metric: 'devError', goal: 'min' },
};
