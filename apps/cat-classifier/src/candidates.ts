import { conv2d, dense, dropout, flatten, type Model, maxPool2d, sequential } from '@mlrecipe/nn';

/** Models to choose among, smallest first. */
export interface CandidateSpec {
  readonly name: string;
  readonly build: () => Model;
}

export const CANDIDATES: readonly CandidateSpec[] = [
  {
    name: 'mlp-64',
    build: () => sequential([flatten(), dense({ units: 64, activation: 'relu' }), dense({ units: 2 })]),
  },
  {
    name: 'cnn-8-16',
    build: () =>
      sequential([
        conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }),
        maxPool2d({ poolSize: 2 }),
        conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
        maxPool2d({ poolSize: 2 }),
        flatten(),
        dense({ units: 32, activation: 'relu' }),
        dropout({ keepProb: 0.8 }),
        dense({ units: 2 }),
      ]),
  },
  {
    name: 'cnn-16-32',
    build: () =>
      sequential([
        conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
        maxPool2d({ poolSize: 2 }),
        conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
        maxPool2d({ poolSize: 2 }),
        flatten(),
        dense({ units: 64, activation: 'relu' }),
        dropout({ keepProb: 0.8 }),
        dense({ units: 2 }),
      ]),
  },
];

/** A deliberately tiny model, for showing what avoidable bias looks like. */
export const TINY: CandidateSpec = {
  name: 'tiny-linear',
  build: () => sequential([flatten(), dense({ units: 2 })]),
};
