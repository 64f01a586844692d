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
    gateFirstFrame(deck as unknown as Deck, () => ready, (f) => frames.push(f));
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
    gateFirstFrame(deck as unknown as Deck, () => false, () => {}, () => t, 5000);
    deck._drawLayers('warm-up');
    t = 4999;
    deck._drawLayers('still waiting');
    t = 5000;
    deck._drawLayers('given up waiting');
    expect(drawn).toEqual(['warm-up', 'given up waiting']);
  });

  it('counts a layer as loaded by its isLoaded', () => {
    expect(layersLoaded({ props: { layers: [null, { isLoaded: true }, { id: 'no flag' }] } } as unknown as Deck)).toBe(true);
    expect(layersLoaded({ props: { layers: [{ isLoaded: true }, { isLoaded: false }] } } as unknown as Deck)).toBe(false);
  });
});
