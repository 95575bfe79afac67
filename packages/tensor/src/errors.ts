// The typed errors live in @mlrecipe/core (no dependencies), so packages that need no tensor library
// can throw them; re-exported here, the same classes, so `instanceof` holds across both import paths.
export {
  BackendUnavailableError,
  DuplicateTfjsCoreError,
  InvalidArgumentError,
  MlrecipeError,
  ScopeError,
  ShapeError,
  TensorLeakError,
} from '@mlrecipe/core';
