// Until every visible layer has its data in view, the map draws one frame (the warm-up, first-frame-warmup.ts, once
// main has said how each layer is drawn) and then nothing: in software WebGL each drawn frame also costs the GPU
// process 0.1–0.3 s of compositing, and frames of half-loaded layers only delay the one the user waits for
// (docs/scale.md). Wraps Deck._drawLayers, the method deck.gl's own React wrapper calls to draw.
import type { Deck } from '@deck.gl/core';

type Drawable = Pick<Deck, 'redraw'> & { _drawLayers: (reason: string, options?: unknown) => void };

/** Every layer handed to deck.gl has its data (a tiled layer: the tiles in view). */
export function layersLoaded(deck: Pick<Deck, 'props'>): boolean {
  return deck.props.layers.every((l) => !l || typeof l !== 'object' || !('isLoaded' in l) || (l as { isLoaded: boolean }).isLoaded);
}

/** However long a layer takes (or if it fails to load), the map draws what it has after this long. */
export const FIRST_FRAME_MAX_WAIT_MS = 5000;
/** However long main takes to say how the layers are drawn, the warm-up frame is drawn after this long. */
export const WARM_UP_MAX_WAIT_MS = 1500;

export interface FirstFrameConditions {
  /**
   * The warm-up frame waits for this: main has said how every visible layer is drawn, so the tiles and geometry the
   * first frame needs are asked for before it. In software WebGL the warm-up frame (shader compilation) holds the
   * page for about half a second; requests sent before it are answered meanwhile, those after it wait for it.
   */
  warmUp: () => boolean;
  /** The frames after the warm-up wait for this: every layer has its data in view. */
  ready: () => boolean;
  /**
   * Later frames are held while this is true (each source bounds how long): after an edit of a tiled layer, until
   * the tiles it touched are here, so the one frame drawn shows the edit rather than the old tiles.
   */
  hold?: () => boolean;
}

/**
 * Holds back the deck's first frame until `warmUp()`, the next ones until `ready()` (each at most so long), and
 * after that any frame while `hold()`.
 */
export function gateFirstFrame(
  deck: Deck, conditions: FirstFrameConditions, nextFrame: (f: () => void) => void = requestAnimationFrame,
  now: () => number = () => performance.now(), maxWaitMs = FIRST_FRAME_MAX_WAIT_MS, warmUpMaxWaitMs = WARM_UP_MAX_WAIT_MS,
): void {
  const target = deck as unknown as Drawable;
  const draw = target._drawLayers.bind(target);
  const since = now();
  let drawn = 0;
  let open = false;
  let asked = false;
  target._drawLayers = (reason, options) => {
    const waiting = open
      ? conditions.hold?.() === true
      : drawn === 0
        ? !conditions.warmUp() && now() - since < warmUpMaxWaitMs
        : !conditions.ready() && now() - since < maxWaitMs;
    if (waiting) {
      // Ask again next frame: layers finishing their loading do not always ask for a redraw themselves.
      if (!asked) {
        asked = true;
        nextFrame(() => {
          asked = false;
          target.redraw(open ? 'held for an edit' : drawn === 0 ? 'first frame: waiting for the plans' : 'first frame: waiting for data');
        });
      }
      return;
    }
    if (drawn > 0) open = true;
    drawn++;
    draw(reason, options);
  };
}
