import { conv2d, dense, dropout, flatten, type Model, maxPool2d, sequential } from '@mlrecipe/nn';
import { colorShift, composeAugmentations, flipHorizontal, type ImageAugmentation } from '@mlrecipe/regularizers';

/** Models to choose among, smallest first. */
export interface CandidateSpec {
  readonly name: string;
  readonly build: () => Model;
  /** Augmentation of each training batch (train's `augment`): the same network with and without compares. */
  readonly augment?: ImageAugmentation;
}

const cnn1632 = () =>
  sequential([
    conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
    maxPool2d({ poolSize: 2 }),
    conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
    maxPool2d({ poolSize: 2 }),
    flatten(),
    dense({ units: 64, activation: 'relu' }),
    dropout({ keepProb: 0.8 }),
    dense({ units: 2 }),
  ]);

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
  { name: 'cnn-16-32', build: cnn1632 },
  {
    // Mirror images and small colour shifts of each batch: a cat is a cat either way round, and app
    // pictures' colours drift. Pixels are scaled to [0, 1] before augmentation.
    name: 'cnn-16-32+augment',
    build: cnn1632,
    augment: composeAugmentations(flipHorizontal({ probability: 0.5 }), colorShift({ maxDelta: 0.1 })),
  },
];

/** A deliberately tiny model, for showing what avoidable bias looks like. */
export const TINY: CandidateSpec = {
  name: 'tiny-linear',
  build: () => sequential([flatten(), dense({ units: 2 })]),
};
