import { describe, expect, it } from 'vitest';
import { LatestRequest } from './latest-request.behavior.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('LatestRequest', () => {
  it('keeps one request in flight and delivers only the newest answer', async () => {
    const calls: number[] = [];
    const pending: ReturnType<typeof deferred<number>>[] = [];
    const latest = new LatestRequest<number, number>((n) => {
      calls.push(n);
      const d = deferred<number>();
      pending.push(d);
      return d.promise;
    });
    const delivered: number[] = [];
    latest.request(1, (o) => delivered.push(o));
    latest.request(2, (o) => delivered.push(o));
    latest.request(3, (o) => delivered.push(o));
    expect(calls).toEqual([1]);
    pending[0]!.resolve(10);
    await new Promise((r) => setTimeout(r, 0));
    // 1's answer is stale (3 was asked meanwhile); 2 was replaced by 3 before it ran.
    expect(calls).toEqual([1, 3]);
    pending[1]!.resolve(30);
    await new Promise((r) => setTimeout(r, 0));
    expect(delivered).toEqual([30]);
  });

  it('drops the answer after cancel and survives a failing request', async () => {
    let fail = true;
    const latest = new LatestRequest<number, number>(async (n) => {
      if (fail) throw new Error('x');
      return n;
    });
    const delivered: number[] = [];
    latest.request(1, (o) => delivered.push(o));
    await new Promise((r) => setTimeout(r, 0));
    fail = false;
    latest.request(2, (o) => delivered.push(o));
    latest.cancel();
    await new Promise((r) => setTimeout(r, 0));
    latest.request(4, (o) => delivered.push(o));
    await new Promise((r) => setTimeout(r, 0));
    expect(delivered).toEqual([4]);
  });
});
