import { execFileSync } from 'node:child_process';

/** Runs `script` again in a child process with `env` and returns the JSON it prints last. */
export function measureInChild(script, env) {
  const out = execFileSync(process.execPath, [script], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.trim().split('\n').pop());
}
