import * as core from '@mlrecipe/core';
import { expect, it } from 'vitest';
import * as errors from '../src/errors.js';
import * as main from '../src/index.js';
import * as rng from '../src/rng.js';

it('re-exports the errors and the generator of @mlrecipe/core: the same classes, so instanceof holds across paths', () => {
  const classes = [
    [errors.BackendUnavailableError, main.BackendUnavailableError, core.BackendUnavailableError],
    [errors.DuplicateTfjsCoreError, main.DuplicateTfjsCoreError, core.DuplicateTfjsCoreError],
    [errors.InvalidArgumentError, main.InvalidArgumentError, core.InvalidArgumentError],
    [errors.MlrecipeError, main.MlrecipeError, core.MlrecipeError],
    [errors.ScopeError, main.ScopeError, core.ScopeError],
    [errors.ShapeError, main.ShapeError, core.ShapeError],
    [errors.TensorLeakError, main.TensorLeakError, core.TensorLeakError],
  ] as const;
  for (const [fromErrors, fromMain, fromCore] of classes) {
    expect(fromErrors).toBe(fromCore);
    expect(fromMain).toBe(fromCore);
  }
  expect(Object.keys(errors).sort()).toEqual([
    'BackendUnavailableError',
    'DuplicateTfjsCoreError',
    'InvalidArgumentError',
    'MlrecipeError',
    'ScopeError',
    'ShapeError',
    'TensorLeakError',
  ]);
  expect(new errors.InvalidArgumentError('x')).toBeInstanceOf(core.MlrecipeError);
  expect(new core.ShapeError('x')).toBeInstanceOf(main.ShapeError);
  expect(rng.createRng).toBe(core.createRng);
  expect(rng.restoreRng).toBe(core.restoreRng);
  expect(rng.createRng(7).uniform()).toBe(core.createRng(7).uniform());
});
