// The comparison as the contract carries it: areas in m², 公顷 and 亩, change geometry as drawable arrays.
import type { SchemeDiff } from '../../../shared/contract/schemes.js';
import { areaFromM2 } from '../../../shared/domain/units.js';
import type { Db } from '../db/spatialite.js';
import { drawablePolygons } from '../overlay/drawable.js';
import type { DiffData } from './diff.js';
import { getScheme } from './store.js';

export function toSchemeDiff(db: Db, data: DiffData, from: number, to: number, durationMs: number): SchemeDiff {
  const { geometry, bboxes } = drawablePolygons(data.changes.map((c) => ({ id: c.id, ll: c.ll })));
  return {
    from: getScheme(db, from), to: getScheme(db, to), computedAt: new Date().toISOString(), durationMs,
    layers: data.layers.map((l) => ({
      layerId: l.layerId, key: l.key, name: l.name, nameEn: l.nameEn, kind: l.kind as SchemeDiff['layers'][number]['kind'], shared: l.shared,
      added: l.added, removed: l.removed, reshaped: l.reshaped, reattributed: l.reattributed,
      before: l.beforeM2 === null ? null : areaFromM2(l.beforeM2), after: l.afterM2 === null ? null : areaFromM2(l.afterM2),
      gained: areaFromM2(l.gainedM2), lost: areaFromM2(l.lostM2), net: areaFromM2(l.gainedM2 - l.lostM2),
    })),
    units: data.units.map((u) => ({
      level: u.level, code: u.code, name: u.name, layerId: u.layerId,
      before: areaFromM2(u.beforeM2), after: areaFromM2(u.afterM2), gained: areaFromM2(u.gainedM2), lost: areaFromM2(u.lostM2),
      net: areaFromM2(u.gainedM2 - u.lostM2),
    })),
    changes: data.changes.map((c, i) => ({
      id: c.id, layerId: c.layerId, layerKey: c.layerKey, kind: c.kind, area: areaFromM2(c.areaM2), planarM2: c.planarM2, fids: c.fids,
      county: c.county, town: c.town, townCode: c.townCode, village: c.village, villageCode: c.villageCode, fields: c.fields, bbox: bboxes[i]!,
    })),
    geometry: geometry!,
  };
}
