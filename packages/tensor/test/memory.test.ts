import { describe, expect, it } from 'vitest';
import { countTensors, expectNoLeaks, ScopeError, scope, TensorLeakError, tf, useBackend } from '../src/index.js';

await useBackend('cpu');

describe('scope', () => {
  it('disposes intermediates and keeps the result of a sync function', () => {
    const before = countTensors();
    const result = scope(() => {
      const a = tf.ones([3]);
      const b = tf.mul(a, 2);
      return tf.add(b, 1);
    });
    expect(countTensors()).toBe(before + 1);
    expect(Array.from(result.dataSync())).toEqual([3, 3, 3]);
    result.dispose();
    expect(countTensors()).toBe(before);
  });

  it('disposes intermediates of an async function and keeps tensors nested in its result', async () => {
    const before = countTensors();
    const result = await scope(async () => {
      const a = tf.ones([2]);
      await a.data();
      const b = tf.square(tf.add(a, 1));
      return { b, value: (await b.data())[0] };
    });
    expect(result.value).toBe(4);
    expect(countTensors()).toBe(before + 1);
    result.b.dispose();
    expect(countTensors()).toBe(before);
  });

  it('disposes everything when the function throws', async () => {
    const before = countTensors();
    expect(() =>
      scope(() => {
        tf.ones([2]);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    await expect(
      scope(async () => {
        tf.ones([2]);
        throw new Error('async boom');
      }),
    ).rejects.toThrow('async boom');
    expect(countTensors()).toBe(before);
  });

  it('refuses to close async scopes that interleave instead of disposing the other one’s tensors', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = scope(async () => {
      await gate;
      return 1;
    });
    const second = scope(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return 2;
    });
    release();
    await expect(first).rejects.toThrow(ScopeError);
    await expect(second).resolves.toBe(2);
  });
});

describe('expectNoLeaks', () => {
  it('catches a deliberate leak and reports how many tensors leaked', () => {
    let leaked: tf.Tensor | undefined;
    let error: unknown;
    try {
      expectNoLeaks(() => {
        leaked = tf.ones([4]);
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TensorLeakError);
    expect((error as TensorLeakError).leaked).toBe(1);
    expect((error as TensorLeakError).code).toBe('TENSOR_LEAK');
    leaked?.dispose();
  });

  it('catches a leak in an async function and passes a clean one through', async () => {
    const kept: tf.Tensor[] = [];
    await expect(
      expectNoLeaks(async () => {
        kept.push(tf.ones([1]), tf.zeros([1]));
      }),
    ).rejects.toThrow(/2 tensor\(s\) left undisposed/);
    tf.dispose(kept);
    const value = await expectNoLeaks(async () => {
      const t = tf.ones([2]);
      const data = await t.data();
      t.dispose();
      return data[0];
    });
    expect(value).toBe(1);
  });

  it('allows the number of tensors the function is meant to return', () => {
    const t = expectNoLeaks(() => tf.ones([1]), { allow: 1 });
    t.dispose();
  });
});

describe('scope after an interleaving error', () => {
  it('leaves the engine’s scope stack as it found it', async () => {
    const depth = tf.engine().state.scopeStack.length;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = scope(async () => {
      await gate;
    });
    const second = scope(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    release();
    await expect(first).rejects.toThrow(/await async scopes one after the other/);
    await second;
    expect(tf.engine().state.scopeStack.length).toBe(depth);
  });
});
