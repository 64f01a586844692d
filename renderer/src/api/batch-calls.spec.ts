import { describe, expect, it, vi } from 'vitest';
import { batchCalls } from './batch-calls.js';

describe('batchCalls', () => {
  it('sends the calls of one task together, at most max per call, each answered with its own output', async () => {
    const send = vi.fn(async (inputs: number[]) => inputs.map((n) => n * 10));
    const call = batchCalls(send, 2);
    const answers = Promise.all([call(1), call(2), call(3)]);
    expect(send).not.toHaveBeenCalled();
    expect(await answers).toEqual([10, 20, 30]);
    expect(send.mock.calls).toEqual([[[1, 2]], [[3]]]);
    // A later task: a call of its own.
    expect(await call(4)).toBe(40);
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('fails every call of a failed request, and those of a short answer, but not the other requests', async () => {
    const send = vi.fn(async (inputs: string[]) => {
      if (inputs.includes('bad')) throw new Error('no such layer');
      return inputs.length > 1 ? inputs.slice(1) : inputs;
    });
    const call = batchCalls(send, 2);
    const [a, b, c] = await Promise.allSettled([call('bad'), call('x'), call('y')]);
    expect(a).toMatchObject({ status: 'rejected', reason: { message: 'no such layer' } });
    expect(b).toMatchObject({ status: 'rejected', reason: { message: 'no such layer' } });
    expect(c).toEqual({ status: 'fulfilled', value: 'y' });
    const short = await Promise.allSettled([call('p'), call('q')]);
    expect(short.every((r) => r.status === 'rejected' && /2 asked, 1 answered/.test(String(r.reason)))).toBe(true);
  });
});
