import type { Deck } from '@deck.gl/core';
import { describe, expect, it } from 'vitest';
import { gateFirstFrame, layersLoaded } from './first-frame-gate.js';

function fakeDeck() {
  const drawn: string[] = [];
  const deck = {
    props: { layers: [] as unknown[] },
    _drawLayers: (reason: string) => { drawn.push(reason); },
    redraw(reason: string) { this._drawLayers(reason); },
  };
  return { deck, drawn };
}

describe('the first-frame gate', () => {
  it('draws the first frame, then nothing until the data is there, then every frame', () => {
    const { deck, drawn } = fakeDeck();
    let ready = false;
    const frames: (() => void)[] = [];
    gateFirstFrame(deck as unknown as Deck, { warmUp: () => true, ready: () => ready }, (f) => frames.push(f));
    deck._drawLayers('warm-up');
    deck._drawLayers('tile arrived');
    deck._drawLayers('another tile');
    expect(drawn).toEqual(['warm-up']);
    // It asks again once per frame while waiting, not once per held-back draw.
    expect(frames.length).toBe(1);
    frames.shift()!();
    expect(drawn).toEqual(['warm-up']);
    ready = true;
    frames.shift()!();
    expect(drawn).toEqual(['warm-up', 'first frame: waiting for data']);
    ready = false; // once open it stays open (a later load draws its progress)
    deck._drawLayers('pan');
    expect(drawn.at(-1)).toBe('pan');
  });

  it('draws what it has after a while, whatever fails to load', () => {
    const { deck, drawn } = fakeDeck();
    let t = 0;
    gateFirstFrame(deck as unknown as Deck, { warmUp: () => true, ready: () => false }, () => {}, () => t, 5000);
    deck._drawLayers('warm-up');
    t = 4999;
    deck._drawLayers('still waiting');
    t = 5000;
    deck._drawLayers('given up waiting');
    expect(drawn).toEqual(['warm-up', 'given up waiting']);
  });

  it('holds the warm-up frame until main has said how the layers are drawn, at most so long', () => {
    const { deck, drawn } = fakeDeck();
    let planned = false, t = 0;
    const frames: (() => void)[] = [];
    gateFirstFrame(deck as unknown as Deck, { warmUp: () => planned, ready: () => true }, (f) => frames.push(f), () => t, 5000, 1500);
    deck._drawLayers('deck started');
    expect(drawn).toEqual([]);
    planned = true;
    frames.shift()!();
    expect(drawn).toEqual(['first frame: waiting for the plans']);
    // Main never answers: the warm-up is drawn after the wait all the same.
    const other = fakeDeck();
    gateFirstFrame(other.deck as unknown as Deck, { warmUp: () => false, ready: () => true }, () => {}, () => t, 5000, 1500);
    t = 1499;
    other.deck._drawLayers('waiting');
    t = 1500;
    other.deck._drawLayers('given up waiting');
    expect(other.drawn).toEqual(['given up waiting']);
  });

  it('once open, holds frames while asked to (an edit of a tiled layer waiting for its tiles)', () => {
    const { deck, drawn } = fakeDeck();
    let hold = false;
    const frames: (() => void)[] = [];
    gateFirstFrame(deck as unknown as Deck, { warmUp: () => true, ready: () => true, hold: () => hold }, (f) => frames.push(f));
    deck._drawLayers('warm-up');
    deck._drawLayers('first frame');
    hold = true;
    deck._drawLayers('old tiles');
    expect(drawn).toEqual(['warm-up', 'first frame']);
    hold = false;
    frames.shift()!();
    expect(drawn).toEqual(['warm-up', 'first frame', 'held for an edit']);
  });

  it('counts a layer as loaded by its isLoaded', () => {
    expect(layersLoaded({ props: { layers: [null, { isLoaded: true }, { id: 'no flag' }] } } as unknown as Deck)).toBe(true);
    expect(layersLoaded({ props: { layers: [{ isLoaded: true }, { isLoaded: false }] } } as unknown as Deck)).toBe(false);
  });
});
