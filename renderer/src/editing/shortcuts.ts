// Keyboard shortcuts, close to QGIS's: Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo, S toggles snapping, T tracing,
// Ctrl+. adds a polygon, V the vertex tool, Ctrl+C / Ctrl+V copy and paste features; Enter, Backspace, Esc and Delete
// belong to the active tool (finish, remove the last vertex, cancel, delete). Single letters only without modifiers.
import type { ToolName } from './base.mode.js';
import type { EditKeyEvent } from './types.js';

export type ShortcutAction =
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'toggleSnapping' }
  | { type: 'toggleTracing' }
  | { type: 'copy' }
  | { type: 'paste' }
  | { type: 'tool'; tool: ToolName };

/** Single-letter tool keys (shown in the toolbar's tooltips). */
export const TOOL_KEYS: Partial<Record<ToolName, string>> = {
  'draw-polygon': 'P',
  'draw-rectangle': 'R',
  'draw-freehand': 'F',
  'vertex-edit': 'V',
  move: 'M',
  'split-by-line': 'X',
};

const BY_LETTER = new Map(Object.entries(TOOL_KEYS).map(([tool, k]) => [k!.toLowerCase(), tool as ToolName]));

export function shortcutFor(e: EditKeyEvent): ShortcutAction | null {
  const ctrl = e.ctrlKey || e.metaKey;
  const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (ctrl && !e.altKey) {
    if (k === 'z') return e.shiftKey ? { type: 'redo' } : { type: 'undo' };
    if (k === 'y') return { type: 'redo' };
    if (k === 'c' && !e.shiftKey) return { type: 'copy' };
    if (k === 'v' && !e.shiftKey) return { type: 'paste' };
    if (k === '.') return { type: 'tool', tool: 'draw-polygon' };
    return null;
  }
  if (e.altKey || e.shiftKey) return null;
  if (k === 's') return { type: 'toggleSnapping' };
  if (k === 't') return { type: 'toggleTracing' };
  const tool = BY_LETTER.get(k);
  return tool ? { type: 'tool', tool } : null;
}
