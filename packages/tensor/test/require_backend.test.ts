import { expect, it } from 'vitest';
import { BackendUnavailableError, requireBackend, useBackend } from '../src/index.js';

it('names useBackend() when no backend is registered, and passes once one is selected', async () => {
  // No backend package is imported before this line: tensor registers backends on demand.
  const error = (() => {
    try {
      requireBackend('someEntry');
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  expect(error).toBeInstanceOf(BackendUnavailableError);
  expect((error as Error).message).toMatch(
    /^someEntry: no tensor backend is selected; call `await useBackend\('auto'\)`/,
  );
  await useBackend('cpu');
  expect(() => requireBackend('someEntry')).not.toThrow();
});
