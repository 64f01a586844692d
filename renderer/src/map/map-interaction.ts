// What the map takes from an interactive tool drawn on top of it (the editing tools): its overlay layers, its
// cursor, its own pointer handling, and whether it is active (clicks then go to it, double-click does not zoom).
import type { Deck, Layer } from '@deck.gl/core';
import type { Store } from '../state/store.js';

export interface MapInteraction {
  /** A tool is active: clicks go to it (not to feature selection), no attribute tooltip, no double-click zoom. */
  active: boolean;
  /** Layers whose features are highlighted under the pointer while the tool is active (null: all, as without one). */
  hoverLayerIds: ReadonlySet<number> | null;
  /** Layers drawn above everything; a store, so a mouse move re-renders the map alone. */
  overlayStore: Store<readonly Layer[]>;
  cursorStore: Store<string | null>;
  /** Called once the map is mounted; returns the detach function. */
  attach(container: HTMLElement, deck: () => Deck | undefined): () => void;
}
