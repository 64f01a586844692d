// Every tool, by name: the session creates each mode once and registers it with the host.
import type { BaseMode, ToolName } from '../base.mode.js';
import { AddPartMode } from './add-part/add-part.mode.js';
import { ClipMode } from './clip/clip.mode.js';
import { CopyPasteMode } from './copy-paste/copy-paste.mode.js';
import { DeleteMode } from './delete/delete.mode.js';
import { DrawFreehandMode } from './draw-freehand/draw-freehand.mode.js';
import { DrawHoleMode } from './draw-hole/draw-hole.mode.js';
import { DrawPolygonMode } from './draw-polygon/draw-polygon.mode.js';
import { DrawRectangleMode } from './draw-rectangle/draw-rectangle.mode.js';
import { FillRingMode } from './fill-ring/fill-ring.mode.js';
import { MergeMode } from './merge/merge.mode.js';
import { MoveMode } from './move/move.mode.js';
import { ReshapeByLineMode } from './reshape-by-line/reshape-by-line.mode.js';
import { SelectMode } from './select/select.mode.js';
import { SplitByLineMode } from './split-by-line/split-by-line.mode.js';
import { VertexEditMode } from './vertex-edit/vertex-edit.mode.js';

export const MODE_FACTORIES: Record<ToolName, () => BaseMode> = {
  select: () => new SelectMode(),
  'draw-polygon': () => new DrawPolygonMode(),
  'draw-rectangle': () => new DrawRectangleMode(),
  'draw-freehand': () => new DrawFreehandMode(),
  'draw-hole': () => new DrawHoleMode(),
  'add-part': () => new AddPartMode(),
  'vertex-edit': () => new VertexEditMode(),
  move: () => new MoveMode(),
  'split-by-line': () => new SplitByLineMode(),
  'reshape-by-line': () => new ReshapeByLineMode(),
  clip: () => new ClipMode(),
  'fill-ring': () => new FillRingMode(),
  merge: () => new MergeMode(),
  delete: () => new DeleteMode(),
  'copy-paste': () => new CopyPasteMode(),
};

/** Toolbar order, in groups. */
export const TOOL_GROUPS: ToolName[][] = [
  ['select'],
  ['draw-polygon', 'draw-rectangle', 'draw-freehand'],
  ['vertex-edit', 'move', 'draw-hole', 'add-part', 'fill-ring'],
  ['split-by-line', 'reshape-by-line', 'clip', 'merge'],
  ['copy-paste', 'delete'],
];
