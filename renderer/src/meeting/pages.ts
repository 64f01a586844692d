// Which pages a meeting-room PDF has: one per town with a change (zoomed to the town, its changes per layer in the
// subtitle) or one per change, largest first (zoomed to the change with its surroundings).
import type { Bbox } from '../../../shared/contract/schemas.js';
import type { UnitExtent } from '../../../shared/contract/present.js';
import type { SchemeChange, SchemeDiff } from '../../../shared/contract/schemes.js';
import { contextBbox } from '../checks/useFindingsView.js';

export interface PagePlan {
  bbox: Bbox;
  /** What the page shows: the town and its changes, or the change. */
  subtitle: string;
}

export interface PageText {
  layerName: (layerId: number) => string;
  kind: (kind: SchemeChange['kind']) => string;
  ha: (value: number) => string;
  mu: (value: number) => string;
  /** "变化" / "Change" */
  change: string;
  gainedShort: string;
  lostShort: string;
}

/** One page per town where a shown layer changed, in town code order. */
export function townPages(diff: SchemeDiff, extents: readonly UnitExtent[], shown: ReadonlySet<number>, text: PageText): PagePlan[] {
  const byCode = new Map(extents.map((e) => [e.code, e]));
  const rows = new Map<string, SchemeDiff['units']>();
  for (const u of diff.units) {
    if (u.level !== 'town' || u.code === null || !shown.has(u.layerId) || !byCode.has(u.code)) continue;
    if (u.gained.m2 === 0 && u.lost.m2 === 0) continue;
    rows.set(u.code, [...(rows.get(u.code) ?? []), u]);
  }
  return [...rows.keys()].sort().map((code) => {
    const unit = byCode.get(code)!;
    const parts = rows.get(code)!.map((u) =>
      `${text.layerName(u.layerId)} ${text.gainedShort}${text.ha(u.gained.ha)} ${text.lostShort}${text.ha(u.lost.ha)}`);
    return { bbox: unit.bbox, subtitle: `${unit.name} · ${parts.join('；')}` };
  });
}

/** One page per change, largest first, at most `max`. */
export function changePages(changes: readonly SchemeChange[], max: number, text: PageText): PagePlan[] {
  const list = changes.filter((c) => c.bbox).slice(0, max);
  return list.map((c, i) => ({
    bbox: contextBbox(c.bbox!),
    subtitle: `${text.change} ${i + 1}/${list.length}：${text.kind(c.kind)} · ${text.layerName(c.layerId)} · ${text.ha(c.area.ha)}（${text.mu(c.area.mu)}）`
      + `${c.town ? ` · ${c.town}` : ''}${c.village ? ` ${c.village}` : ''}`,
  }));
}
