/**
 * Typed errors shared by every mlrecipe package.
 *
 * Every error carries a stable `code` so that callers can branch on it without parsing messages,
 * and a message that says what was wrong, the value received, and how to fix it.
 *
 * @example
 * try { await useBackend('cuda'); } catch (e) { if (e instanceof BackendUnavailableError) … }
 */
export class MlrecipeError extends Error {
  /** A stable machine-readable code such as `'BACKEND_UNAVAILABLE'`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A backend cannot be loaded or initialised here (package absent, no GPU, no browser, …). */
export class BackendUnavailableError extends MlrecipeError {
  /** The mlrecipe backend name that was asked for. */
  readonly backend: string;

  constructor(backend: string, message: string, options?: { cause?: unknown }) {
    super('BACKEND_UNAVAILABLE', message, options);
    this.backend = backend;
  }
}

/** A tensor or array has the wrong shape or length. */
export class ShapeError extends MlrecipeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SHAPE', message, options);
  }
}

/** An argument has a wrong value: out of range, NaN, unknown name, empty, … */
export class InvalidArgumentError extends MlrecipeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_ARGUMENT', message, options);
  }
}

/** A function left tensors undisposed (see `expectNoLeaks`). */
export class TensorLeakError extends MlrecipeError {
  readonly leaked: number;

  constructor(leaked: number, message: string) {
    super('TENSOR_LEAK', message);
    this.leaked = leaked;
  }
}

/** Two copies of `@tensorflow/tfjs-core` are loaded: backends and kernels end up split between them. */
export class DuplicateTfjsCoreError extends MlrecipeError {
  constructor(message: string) {
    super('DUPLICATE_TFJS_CORE', message);
  }
}

/** Async memory scopes were interleaved, so one cannot be closed without disposing the other's tensors. */
export class ScopeError extends MlrecipeError {
  constructor(message: string) {
    super('SCOPE', message);
  }
}
