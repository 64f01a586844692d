import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts.js';
import { key } from './testing/fake-host.js';

describe('shortcuts', () => {
  it('undo and redo as in QGIS (and most editors)', () => {
    expect(shortcutFor(key('z', { ctrlKey: true }))).toEqual({ type: 'undo' });
    expect(shortcutFor(key('Z', { ctrlKey: true, shiftKey: true }))).toEqual({ type: 'redo' });
    expect(shortcutFor(key('y', { ctrlKey: true }))).toEqual({ type: 'redo' });
    expect(shortcutFor(key('z', { metaKey: true }))).toEqual({ type: 'undo' });
  });

  it('snapping, tracing, tools, copy and paste', () => {
    expect(shortcutFor(key('s'))).toEqual({ type: 'toggleSnapping' });
    expect(shortcutFor(key('T'))).toEqual({ type: 'toggleTracing' });
    expect(shortcutFor(key('.', { ctrlKey: true }))).toEqual({ type: 'tool', tool: 'draw-polygon' });
    expect(shortcutFor(key('v'))).toEqual({ type: 'tool', tool: 'vertex-edit' });
    expect(shortcutFor(key('c', { ctrlKey: true }))).toEqual({ type: 'copy' });
    expect(shortcutFor(key('v', { ctrlKey: true }))).toEqual({ type: 'paste' });
  });

  it('leaves the tools\' own keys and modified letters alone', () => {
    for (const k of ['Enter', 'Escape', 'Backspace', 'Delete']) expect(shortcutFor(key(k))).toBeNull();
    expect(shortcutFor(key('s', { shiftKey: true }))).toBeNull();
    expect(shortcutFor(key('s', { altKey: true }))).toBeNull();
    expect(shortcutFor(key('q', { ctrlKey: true }))).toBeNull();
  });
});
