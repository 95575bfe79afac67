import { expect, it, vi } from 'vitest';
import { systemResource } from '../src/testing/index.js';

it('systemResource: true when present, NOT RUN outside CI when missing, and a failure in CI', () => {
  const saved = process.env.CI;
  try {
    expect(systemResource(import.meta.filename, 'nothing', 'self')).toBe(true);
    delete process.env.CI;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(systemResource('/nonexistent/data', 'some-package', 'a test')).toBe(false);
    expect(warn).toHaveBeenCalledWith(
      'a test NOT RUN: /nonexistent/data is missing (apt-get install some-package); CI runs it',
    );
    warn.mockRestore();
    process.env.CI = '1';
    expect(() => systemResource('/nonexistent/data', 'some-package', 'a test')).toThrow(
      /CI must install it \(apt-get install -y some-package\)/,
    );
  } finally {
    if (saved === undefined) delete process.env.CI;
    else process.env.CI = saved;
  }
});
