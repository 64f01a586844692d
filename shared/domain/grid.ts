// The 1 mm grid of edited coordinates (docs/editing.md, "Coordinates and precision"): a vertex placed freely is
// rounded to it exactly as SpatiaLite's ST_SnapToGrid(g, 0.001) rounds (rint(v / 0.001) · 0.001, round half to even),
// so the check engine's own snapping leaves it where it is. Shared: main rounds clicks with it, and the renderer
// builds rectangles in the workspace CRS on the same grid.

export const GRID_SIZE = 0.001;

/** C's rint(): round half to even, as SpatiaLite's ST_SnapToGrid uses it. */
export function rint(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Rounds one ordinate to the grid exactly as ST_SnapToGrid(g, size) does. */
export function gridRound(v: number, size = GRID_SIZE): number {
  return rint(v / size) * size + 0;
}
