import { MlrecipeWarning, warn } from '@mlrecipe/core';
import type { Rng } from '@mlrecipe/tensor';
import { NnError } from './errors.js';
import { options, shown } from './validate.js';

/** Draws a weight array of `size` values for a layer with `fanIn` inputs and `fanOut` outputs per unit. */
export interface Initializer {
  readonly name: string;
  (size: number, fan: { fanIn: number; fanOut: number }, rng: Rng): Float32Array;
}

function named(
  name: string,
  fn: (size: number, fan: { fanIn: number; fanOut: number }, rng: Rng) => Float32Array,
): Initializer {
  Object.defineProperty(fn, 'name', { value: name });
  return fn as Initializer;
}

const normal = (std: number) => (size: number, _: unknown, rng: Rng) =>
  Float32Array.from({ length: size }, () => rng.normal(0, std));

/**
 * All zeros: right for biases, wrong for hidden weights — every unit then computes the same
 * function and receives the same gradient, so they never become different (layers warn).
 */
export const zeros: Initializer = named('zeros', (size) => new Float32Array(size));

/** N(0, scale²), the course's first initialisation (scale 0.01). */
export function randomNormal(opts?: { scale?: number }): Initializer {
  const { scale = 0.01 } = options(opts, 'randomNormal');
  if (!(typeof scale === 'number' && Number.isFinite(scale) && scale > 0))
    throw new NnError(`randomNormal: scale must be a positive finite number, got ${shown(scale)}`);
  return named(`randomNormal(${scale})`, normal(scale));
}

/** Xavier: N(0, 1/n_in), for tanh layers. */
export const xavier: Initializer = named('xavier', (size, fan, rng) =>
  normal(Math.sqrt(1 / fan.fanIn))(size, fan, rng),
);

/** Glorot/Xavier uniform (Keras' default): U(−√(6/(n_in + n_out)), +√(6/(n_in + n_out))). */
export const glorotUniform: Initializer = named('glorotUniform', (size, { fanIn, fanOut }, rng) => {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: size }, () => rng.uniform(-limit, limit));
});

/** He: N(0, 2/n_in), for relu layers (He et al. 2015). */
export const he: Initializer = named('he', (size, fan, rng) => normal(Math.sqrt(2 / fan.fanIn))(size, fan, rng));

const BY_NAME: Record<string, Initializer> = { zeros, xavier, glorotUniform, he };

/**
 * The initializer of a name (`'zeros'`, `'xavier'`, `'glorotUniform'`, `'he'`), or the function itself; an unknown name throws `NnError`.
 */
export function initializer(spec: string | Initializer): Initializer {
  if (typeof spec === 'function') return spec;
  const found = typeof spec === 'string' && Object.hasOwn(BY_NAME, spec) ? BY_NAME[spec] : undefined;
  if (found === undefined)
    throw new NnError(
      `unknown initializer ${shown(spec)}; use one of ${Object.keys(BY_NAME).join(', ')} or a function`,
    );
  return found;
}

/**
 * Warns when a layer's kernel starts at zero: every unit of the layer then computes the same
 * function and receives the same gradient, so they never become different (the course's symmetry
 * argument holds for dense, convolutional and recurrent kernels alike).
 */
export function warnIfZeroKernel(init: Initializer, layer: string): void {
  if (init === zeros) {
    warn(
      new MlrecipeWarning(
        'ZERO_KERNEL_INIT',
        `${layer}: zeros as kernel initializer makes every unit learn the same thing (symmetry is never broken); use he or xavier`,
        { layer },
      ),
    );
  }
}
