import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TuneError } from '../errors.js';
import type { Trial } from '../random_search.js';
import { describe } from '../trial_failure.js';

/**
 * A study persisted as JSON lines, one finished trial per line, appended and flushed as each ends:
 * a crashed study resumes from it, rerunning only the trials that had not finished.
 */
export function studyFile(path: string) {
  if (typeof path !== 'string' || path === '')
    throw new TuneError(`studyFile: path must be a file path, got ${describe(path)}`);
  return {
    /** The finished trials saved so far (none when the file does not exist yet). */
    async load(): Promise<Trial[]> {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      // A line cut short by a crash is dropped: its trial runs again.
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Trial];
          } catch {
            return [];
          }
        });
    },
    /** Saves one finished trial (a JSON line, flushed before it resolves). */
    async append(trial: Trial): Promise<void> {
      await mkdir(dirname(path), { recursive: true });
      await appendFile(path, `${JSON.stringify(trial)}\n`, { flush: true });
    },
  };
}

/** A study file, as `studyFile(path)` returns it: `load` the finished trials, `append` one more. */
export type StudyFile = ReturnType<typeof studyFile>;
