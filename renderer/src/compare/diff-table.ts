// The change table of a comparison, as the 对比 tab shows it: rows per admin unit × layer at one level, the changes
// behind a row (to zoom to them), and which two schemes a comparison starts with.
import type { Bbox, SchemeInfo } from '../../../shared/contract/schemas.js';
import type { DiffLevel, SchemeChange, SchemeDiff, UnitDiff } from '../../../shared/contract/schemes.js';

/** The parent (or the baseline) against the active draft; on the baseline, the baseline against the newest draft. */
export function defaultPair(schemes: readonly SchemeInfo[], active: SchemeInfo): { from: number; to: number } | null {
  if (schemes.length < 2) return null;
  const baseline = schemes.find((s) => s.isBaseline) ?? schemes[0]!;
  if (active.id !== baseline.id) {
    const parent = schemes.find((s) => s.id === active.parentId && s.id !== active.id);
    return { from: (parent ?? baseline).id, to: active.id };
  }
  const newest = schemes.filter((s) => s.id !== active.id).sort((a, b) => b.id - a.id)[0]!;
  return { from: active.id, to: newest.id };
}

/** Rows of one level, in the order of the layers (as the map stacks them) then by unit code; outside units last. */
export function unitRows(diff: SchemeDiff, level: DiffLevel, layerOrder: readonly number[], shownLayers?: ReadonlySet<number>): UnitDiff[] {
  const rank = new Map(layerOrder.map((id, i) => [id, i]));
  return diff.units
    .filter((u) => u.level === level && (!shownLayers || shownLayers.has(u.layerId)))
    .sort((a, b) =>
      (a.code === null ? 1 : 0) - (b.code === null ? 1 : 0)
      || (a.code ?? '').localeCompare(b.code ?? '')
      || (rank.get(a.layerId) ?? 1e9) - (rank.get(b.layerId) ?? 1e9));
}

/** The changes of a row's layer that lie in its unit (by the unit a change's interior point falls in). */
export function changesInUnit(changes: readonly SchemeChange[], row: Pick<UnitDiff, 'level' | 'code' | 'name' | 'layerId'>): SchemeChange[] {
  return changes.filter((c) => {
    if (c.layerId !== row.layerId || c.kind === 'attributes') return false;
    if (row.level === 'town') return c.townCode === row.code;
    if (row.level === 'village') return c.villageCode === row.code;
    return row.code === null ? c.county === null : c.county !== null;
  });
}

export function unionBbox(boxes: readonly (Bbox | null)[]): Bbox | null {
  let out: Bbox | null = null;
  for (const b of boxes) {
    if (!b) continue;
    out = out ? [Math.min(out[0], b[0]), Math.min(out[1], b[1]), Math.max(out[2], b[2]), Math.max(out[3], b[3])] : [...b];
  }
  return out;
}

/** Totals of the rows shown (one layer's rows add up to its gained and lost within the level). */
export function sumRows(rows: readonly UnitDiff[]): { beforeM2: number; afterM2: number; gainedM2: number; lostM2: number; netM2: number } {
  const t = { beforeM2: 0, afterM2: 0, gainedM2: 0, lostM2: 0, netM2: 0 };
  for (const r of rows) {
    t.beforeM2 += r.before.m2;
    t.afterM2 += r.after.m2;
    t.gainedM2 += r.gained.m2;
    t.lostM2 += r.lost.m2;
    t.netM2 += r.net.m2;
  }
  return t;
}
