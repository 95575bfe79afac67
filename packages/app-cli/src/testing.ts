// @mlrecipe/app-cli/testing: running an app's built command line from a test, as a user would.
import { execFileSync } from 'node:child_process';

/** What a finished command printed and how it exited. */
export interface ScriptResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node scriptPath ...argv` to completion and returns its exit status and output, whether it
 * succeeded or not. For command-line tests (help, usage errors, dry runs): the cases must stop
 * before any heavy work, since the call blocks until the process ends.
 *
 * @example
 * const { status, stderr } = runScript(fileURLToPath(new URL('../dist/main.js', import.meta.url)), ['--epochs', 'abc']);
 * expect(status).toBe(2);
 */
export function runScript(scriptPath: string, argv: readonly string[]): ScriptResult {
  try {
    const stdout = execFileSync(process.execPath, [scriptPath, ...argv], { encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { status: number | null; stdout: string; stderr: string };
    return { status: failed.status ?? -1, stdout: failed.stdout, stderr: failed.stderr };
  }
}
