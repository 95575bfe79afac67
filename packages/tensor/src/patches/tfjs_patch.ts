import { BackendUnavailableError } from '../errors.js';

/**
 * One change mlrecipe makes to tfjs (a kernel registered or wrapped, a backend factory replaced).
 * A patch states the bug it fixes and when it applies, so that a tfjs release that fixed the bug,
 * or changed what the patch relies on, is detected instead of patched over.
 */
export interface TfjsPatch {
  /** Short name for reports: `'wasm OneHot float32'`. */
  readonly name: string;
  /**
   * Null when the patch applies here; otherwise why it is not needed. Decided by a probe of the
   * bug (a kernel missing from the registry) or, where probing needs a running backend, by the tfjs
   * version the fix was written and tested for.
   */
  applies(): string | null;
  /** Makes the change and returns the function that undoes it exactly. Throws when tfjs is not as expected. */
  install(): () => void;
}

/** The patches of one installation: what was changed, what was not needed, and how to undo it. */
export interface PatchSet {
  readonly installed: readonly string[];
  readonly skipped: ReadonlyArray<{ readonly name: string; readonly reason: string }>;
  /** Undoes every installed patch, last first. */
  uninstall(): void;
}

/**
 * Installs patches all or nothing: when one throws, the ones already installed are undone (last
 * first) and a `BackendUnavailableError` names the patch, what went wrong and that nothing was
 * changed, so `useBackend('auto')` can move on to the next backend.
 */
export function installPatchSet(backendName: string, patches: readonly TfjsPatch[]): PatchSet {
  const undos: Array<() => void> = [];
  const installed: string[] = [];
  const skipped: Array<{ name: string; reason: string }> = [];
  const uninstall = (): void => {
    for (const undo of undos.splice(0).reverse()) undo();
  };
  for (const patch of patches) {
    try {
      const reason = patch.applies();
      if (reason !== null) {
        skipped.push({ name: patch.name, reason });
        continue;
      }
      undos.push(patch.install());
      installed.push(patch.name);
    } catch (error) {
      let rollback = '';
      try {
        uninstall();
      } catch (undoError) {
        rollback = `; undoing the patches already installed failed too (${messageOf(undoError)})`;
      }
      throw new BackendUnavailableError(
        backendName,
        `backend '${backendName}': mlrecipe's patch '${patch.name}' could not be installed: ${messageOf(error)}. ` +
          `This tfjs release differs from the one the patch was written for; ${rollback === '' ? 'nothing was changed' : `the registry may be inconsistent${rollback}`}. ` +
          "Use another backend ('auto' does), or pin @tensorflow/tfjs-* to the versions @mlrecipe/tensor lists.",
        { cause: error },
      );
    }
  }
  return { installed, skipped, uninstall };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
