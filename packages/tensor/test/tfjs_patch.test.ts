import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '../src/index.js';
import { installPatchSet, type TfjsPatch } from '../src/patches/tfjs_patch.js';

/** A patch that edits `state` (a list of applied names), or throws, or is not needed. */
function fakePatch(state: string[], name: string, kind: 'ok' | 'throws' | 'skipped'): TfjsPatch {
  return {
    name,
    applies: () => (kind === 'skipped' ? `${name} is fixed in this tfjs` : null),
    install: () => {
      if (kind === 'throws') throw new Error(`${name}: kernel not found`);
      state.push(name);
      return () => {
        expect(state.pop()).toBe(name); // undone last first
      };
    },
  };
}

describe('installPatchSet', () => {
  it('installs every patch that applies and reports the rest with their reason', () => {
    const state: string[] = [];
    const set = installPatchSet('wasm', [
      fakePatch(state, 'a', 'ok'),
      fakePatch(state, 'b', 'skipped'),
      fakePatch(state, 'c', 'ok'),
    ]);
    expect(state).toEqual(['a', 'c']);
    expect(set.installed).toEqual(['a', 'c']);
    expect(set.skipped).toEqual([{ name: 'b', reason: 'b is fixed in this tfjs' }]);
    set.uninstall();
    expect(state).toEqual([]);
  });

  it('changes nothing when any patch fails, for every mix of up to 5 patches, and names the failing one', () => {
    const kindsOf = ['ok', 'throws', 'skipped'] as const;
    let mixes = 0;
    for (let length = 1; length <= 5; length++) {
      for (let code = 0; code < 3 ** length; code++) {
        const kinds = Array.from({ length }, (_, i) => kindsOf[Math.floor(code / 3 ** i) % 3]!);
        const state: string[] = [];
        const patches = kinds.map((kind, i) => fakePatch(state, `p${i}`, kind));
        const firstFailure = kinds.indexOf('throws');
        if (firstFailure < 0) {
          installPatchSet('wasm', patches).uninstall();
        } else {
          let thrown: unknown;
          try {
            installPatchSet('wasm', patches);
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(BackendUnavailableError);
          expect((thrown as BackendUnavailableError).backend).toBe('wasm');
          expect((thrown as Error).message).toContain(
            `patch 'p${firstFailure}' could not be installed: p${firstFailure}: kernel not found`,
          );
          expect((thrown as Error).message).toContain('nothing was changed');
        }
        expect(state).toEqual([]);
        mixes++;
      }
    }
    expect(mixes).toBe(3 + 9 + 27 + 81 + 243);
  });
});
