// Asking main on every mouse move (snap, trace, validate) must not queue up requests faster than they come back:
// at most one is in flight, a newer input replaces the waiting one, and only the answer to the newest input is
// delivered. Older answers are dropped, so the marker never jumps back to where the pointer was.
export class LatestRequest<I, O> {
  private inFlight = false;
  private waiting: { input: I; done: (output: O, input: I) => void } | null = null;
  private seq = 0;

  constructor(private readonly run: (input: I) => Promise<O>) {}

  request(input: I, done: (output: O, input: I) => void): void {
    this.seq++;
    this.waiting = { input, done };
    if (!this.inFlight) void this.pump();
  }

  /** Forget the waiting input and drop the answer in flight. */
  cancel(): void {
    this.seq++;
    this.waiting = null;
  }

  private async pump(): Promise<void> {
    while (this.waiting) {
      const { input, done } = this.waiting;
      this.waiting = null;
      const seq = this.seq;
      this.inFlight = true;
      let output: O;
      try {
        output = await this.run(input);
      } catch {
        this.inFlight = false;
        continue;
      }
      this.inFlight = false;
      if (seq === this.seq) done(output, input);
    }
  }
}
