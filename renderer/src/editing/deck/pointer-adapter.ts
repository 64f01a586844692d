// DOM events → the neutral events modes understand (after Terra Draw's adapters). Listens on the map container in
// the capture phase so it sees a press before deck.gl does: when the active mode takes a press as its own drag
// (a vertex, a feature to move, a freehand stroke) the event goes no further and the map does not pan; otherwise
// deck.gl pans and zooms as usual, and a press released without travel is a click. Only presses on the map canvas
// count (the toolbar and panels float inside the same container). Keys go to the session (shortcuts, then the mode)
// unless the user is typing in a field or a dialog is open.
import type { BaseMode } from '../base.mode.js';
import type { EditKeyEvent, EditPointerEvent, LonLat, ScreenPoint } from '../types.js';

/** Pointer travel (pixels) that turns a press into a pan rather than a click. */
export const CLICK_TOLERANCE_PX = 4;

export interface PointerTarget {
  /** The active, started mode (null when no tool is active). */
  mode(): BaseMode | null;
  unproject(p: ScreenPoint): LonLat;
  /** Keys: true when used (the browser's default is then prevented). */
  onKey(e: EditKeyEvent): boolean;
}

const isCanvas = (t: EventTarget | null) => t instanceof HTMLCanvasElement;

function isTyping(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName);
}

export function attachPointerAdapter(container: HTMLElement, target: PointerTarget): () => void {
  let down: { point: ScreenPoint; captured: boolean; moved: boolean; mode: BaseMode } | null = null;

  const local = (e: MouseEvent): ScreenPoint => {
    const r = container.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const toEvent = (e: MouseEvent): EditPointerEvent => {
    const point = local(e);
    return { point, lngLat: target.unproject(point), button: e.button, shiftKey: e.shiftKey, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey };
  };

  const onDown = (e: PointerEvent) => {
    const mode = target.mode();
    if (!mode || !isCanvas(e.target)) return;
    const ev = toEvent(e);
    const captured = e.button === 0 && mode.onPointerDown(ev);
    down = { point: ev.point, captured, moved: false, mode };
    if (captured) {
      e.stopPropagation();
      e.preventDefault();
    }
  };

  const onMove = (e: PointerEvent) => {
    const mode = target.mode();
    if (!mode) return;
    if (down?.captured) {
      if (down.mode === mode) mode.onDrag(toEvent(e));
      e.stopPropagation();
      return;
    }
    if (!isCanvas(e.target)) return;
    const ev = toEvent(e);
    if (down && Math.hypot(ev.point.x - down.point.x, ev.point.y - down.point.y) > CLICK_TOLERANCE_PX) down.moved = true;
    mode.onPointerMove(ev);
  };

  const onUp = (e: PointerEvent) => {
    const d = down;
    down = null;
    const mode = target.mode();
    if (!d || !mode || d.mode !== mode) return;
    const ev = toEvent(e);
    if (d.captured) {
      mode.onPointerUp(ev);
      e.stopPropagation();
      return;
    }
    if (!d.moved && isCanvas(e.target)) mode.onClick(ev);
  };

  const onDoubleClick = (e: MouseEvent) => {
    const mode = target.mode();
    if (!mode || !isCanvas(e.target)) return;
    mode.onDoubleClick(toEvent(e));
    e.stopPropagation();
    e.preventDefault();
  };

  const onContextMenu = (e: MouseEvent) => {
    if (target.mode() && isCanvas(e.target)) e.preventDefault();
  };

  const onLeave = () => target.mode()?.onPointerLeave();

  const onKey = (e: KeyboardEvent) => {
    if (isTyping(e.target) || document.querySelector('[role="dialog"]')) return;
    const ev: EditKeyEvent = { key: e.key, shiftKey: e.shiftKey, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey };
    if (target.onKey(ev)) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  container.addEventListener('pointerdown', onDown, true);
  window.addEventListener('pointermove', onMove, true);
  window.addEventListener('pointerup', onUp, true);
  container.addEventListener('dblclick', onDoubleClick, true);
  container.addEventListener('contextmenu', onContextMenu, true);
  container.addEventListener('pointerleave', onLeave);
  window.addEventListener('keydown', onKey);
  return () => {
    container.removeEventListener('pointerdown', onDown, true);
    window.removeEventListener('pointermove', onMove, true);
    window.removeEventListener('pointerup', onUp, true);
    container.removeEventListener('dblclick', onDoubleClick, true);
    container.removeEventListener('contextmenu', onContextMenu, true);
    container.removeEventListener('pointerleave', onLeave);
    window.removeEventListener('keydown', onKey);
  };
}
