import { describe, expect, it } from 'vitest';
import { BaseMode, ModeLifecycleError, type ToolName } from './base.mode.js';
import { FakeHost, flush } from './testing/fake-host.js';

class TestMode extends BaseMode {
  readonly name: ToolName = 'select';
  steps: string[] = [];
  run(step: string, fail = false) {
    this.enqueue(async () => {
      await flush();
      if (fail) throw new Error(`failed ${step}`);
      this.steps.push(step);
    });
  }
}

describe('BaseMode lifecycle', () => {
  it('registers once, starts and stops in order, refuses the rest', () => {
    const host = new FakeHost();
    const mode = new TestMode();
    expect(() => mode.start()).toThrow(ModeLifecycleError);
    mode.register(host);
    expect(() => mode.register(host)).toThrow(ModeLifecycleError);
    expect(() => mode.stop()).toThrow(ModeLifecycleError);
    mode.start();
    expect(mode.state).toBe('started');
    expect(host.cursors).toEqual(['crosshair']);
    expect(() => mode.start()).toThrow(ModeLifecycleError);
    mode.stop();
    expect(mode.state).toBe('stopped');
    // Stopping clears what the mode showed.
    expect(host.cursors).toEqual(['crosshair', null]);
    expect(host.lastPreview.polygons).toEqual([]);
    mode.start();
    expect(mode.state).toBe('started');
  });

  it('runs queued steps in order, reports a failing one and goes on', async () => {
    const host = new FakeHost();
    const mode = new TestMode();
    mode.register(host);
    mode.start();
    mode.run('a');
    mode.run('b', true);
    mode.run('c');
    await mode.idle();
    expect(mode.steps).toEqual(['a', 'c']);
    expect(host.notices).toEqual([{ tone: 'error', text: 'failed b' }]);
  });

  it('drops queued steps once stopped', async () => {
    const host = new FakeHost();
    const mode = new TestMode();
    mode.register(host);
    mode.start();
    mode.stop();
    mode.run('late');
    await mode.idle();
    expect(mode.steps).toEqual([]);
  });
});
