import { execFileSync } from 'node:child_process';

/** Runs `script` again in a child process with `env` (and node flags) and returns the JSON it prints last. */
export function measureInChild(script, env, nodeFlags = []) {
  const out = execFileSync(process.execPath, [...nodeFlags, script], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.trim().split('\n').pop());
}
