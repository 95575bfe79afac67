import { describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  DuplicateTfjsCoreError,
  InvalidArgumentError,
  MlrecipeError,
  ScopeError,
  ShapeError,
  TensorLeakError,
} from '../src/index.js';

describe('typed errors', () => {
  it('are MlrecipeErrors with a stable code and their class name', () => {
    const cases: Array<[MlrecipeError, string]> = [
      [new BackendUnavailableError('cuda', 'x'), 'BACKEND_UNAVAILABLE'],
      [new ShapeError('x'), 'SHAPE'],
      [new InvalidArgumentError('x'), 'INVALID_ARGUMENT'],
      [new TensorLeakError(1, 'x'), 'TENSOR_LEAK'],
      [new DuplicateTfjsCoreError('x'), 'DUPLICATE_TFJS_CORE'],
      [new ScopeError('x'), 'SCOPE'],
    ];
    for (const [error, code] of cases) {
      expect(error).toBeInstanceOf(MlrecipeError);
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe(code);
      expect(error.name).toBe(error.constructor.name);
    }
  });

  it('keep the cause', () => {
    const cause = new Error('root');
    expect(new ShapeError('outer', { cause }).cause).toBe(cause);
  });

  it('let later packages subclass them', () => {
    class SplitError extends InvalidArgumentError {}
    const error = new SplitError('fractions sum to 1.1');
    expect(error.name).toBe('SplitError');
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error).toBeInstanceOf(MlrecipeError);
  });
});
