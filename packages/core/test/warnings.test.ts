import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  captureWarnings,
  consoleWarningHandler,
  InvalidArgumentError,
  MlrecipeWarning,
  onWarning,
  setWarningHandler,
  warn,
} from '../src/index.js';

afterEach(() => {
  setWarningHandler(null);
  vi.restoreAllMocks();
});

describe('the warning channel', () => {
  it('prints each distinct warning once through console.warn by default, with its code', () => {
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const message = `test: printed once (${Math.random()})`;
    warn(new MlrecipeWarning('TEST_ONCE', message));
    warn(new MlrecipeWarning('TEST_ONCE', message));
    warn(new MlrecipeWarning('TEST_ONCE', `${message} but different`));
    expect(spy.mock.calls).toEqual([
      [`[mlrecipe] TEST_ONCE: ${message}`],
      [`[mlrecipe] TEST_ONCE: ${message} but different`],
    ]);
  });

  it('captureWarnings records instead of printing, in order, and restores the handler', () => {
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { value, warnings } = captureWarnings(() => {
      warn(new MlrecipeWarning('A', 'first', { n: 1 }));
      warn(new MlrecipeWarning('B', 'second'));
      return 42;
    });
    expect(value).toBe(42);
    expect(warnings.map((w) => [w.code, w.message, w.details])).toEqual([
      ['A', 'first', { n: 1 }],
      ['B', 'second', {}],
    ]);
    expect(spy).not.toHaveBeenCalled();
    // The default handler is back: a new warning prints.
    warn(new MlrecipeWarning('C', `after capture ${Math.random()}`));
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('captureWarnings restores the handler when the function throws, sync or async', async () => {
    const seen: string[] = [];
    setWarningHandler((w) => seen.push(w.code));
    expect(() =>
      captureWarnings(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    await expect(captureWarnings(async () => Promise.reject(new Error('later')))).rejects.toThrow('later');
    warn(new MlrecipeWarning('AFTER', 'x'));
    expect(seen).toEqual(['AFTER']);
  });

  it('captureWarnings awaits an async function and records the warnings emitted until it settles', async () => {
    const { value, warnings } = await captureWarnings(async () => {
      await new Promise((r) => setTimeout(r, 5));
      warn(new MlrecipeWarning('LATE', 'after a tick'));
      return 'ok';
    });
    expect(value).toBe('ok');
    expect(warnings.map((w) => w.code)).toEqual(['LATE']);
  });

  it('listeners see every warning, before the handler, until they stop listening', () => {
    const order: string[] = [];
    setWarningHandler((w) => order.push(`handler ${w.code}`));
    const stop = onWarning((w) => order.push(`listener ${w.code}`));
    warn(new MlrecipeWarning('X', 'x'));
    warn(new MlrecipeWarning('X', 'x'));
    stop();
    warn(new MlrecipeWarning('Y', 'y'));
    expect(order).toEqual(['listener X', 'handler X', 'listener X', 'handler X', 'handler Y']);
  });

  it('a handler that throws makes warnings errors; setWarningHandler returns the previous handler', () => {
    const previous = setWarningHandler((w) => {
      throw new Error(`warning as error: ${w}`);
    });
    expect(previous).toBe(consoleWarningHandler);
    expect(() => warn(new MlrecipeWarning('STRICT', 'no'))).toThrow('warning as error: STRICT: no');
  });

  it('warn returns the warning it emitted, and toString is CODE: message', () => {
    const { warnings } = captureWarnings(() => {
      const w = new MlrecipeWarning('CODE', 'msg');
      expect(warn(w)).toBe(w);
      expect(String(w)).toBe('CODE: msg');
    });
    expect(warnings).toHaveLength(1);
  });

  it('rejects a handler, listener or function that is not a function with a typed error naming the value', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.string(), fc.constant(undefined), fc.object(), fc.array(fc.integer())),
        (bad) => {
          expect(() => setWarningHandler(bad as never)).toThrow(InvalidArgumentError);
          expect(() => onWarning(bad as never)).toThrow(/onWarning: the listener must be a function, got/);
          expect(() => captureWarnings(bad as never)).toThrow(/captureWarnings: pass the function to run/);
        },
      ),
      { seed: 16, numRuns: 100 },
    );
    expect(() => setWarningHandler(undefined as never)).toThrow(/got undefined/);
  });
});
