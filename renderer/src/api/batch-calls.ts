// Calls made in one go (the same task, as a tile cache asking for the tiles of a view) sent to main as one request:
// each round trip costs more than a small answer, and a browser opens at most six connections to the server.
interface Waiting<I, O> { input: I; resolve: (o: O) => void; reject: (e: unknown) => void }

/** `send` answers its inputs in order; at most `max` go in one call. */
export function batchCalls<I, O>(send: (inputs: I[]) => Promise<O[]>, max: number): (input: I) => Promise<O> {
  let queue: Waiting<I, O>[] = [];
  const flush = () => {
    const waiting = queue;
    queue = [];
    for (let i = 0; i < waiting.length; i += max) {
      const part = waiting.slice(i, i + max);
      send(part.map((w) => w.input)).then(
        (outputs) => {
          if (outputs.length !== part.length) throw new Error(`batch: ${part.length} asked, ${outputs.length} answered`);
          part.forEach((w, k) => w.resolve(outputs[k]!));
        },
      ).catch((e: unknown) => {
        for (const w of part) w.reject(e);
      });
    }
  };
  return (input) => new Promise<O>((resolve, reject) => {
    if (!queue.length) queueMicrotask(flush);
    queue.push({ input, resolve, reject });
  });
}
