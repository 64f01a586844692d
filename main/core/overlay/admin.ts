// The admin hierarchy in memory: counties, towns and villages with their polygons, so a finding's town and village
// are found with a point-in-polygon test in JS instead of a query per finding. Each village's town is its
// SJXZQDM when that names a town, else the town containing the village's interior point; likewise town → county.
import type { Db } from '../db/spatialite.js';
import { bboxOf, containsPoint, interiorPoint, parsePolygons, polygonArea, type Polygon } from './geom.js';
import { hasColumn, type Roles } from './layers.js';

export interface AdminUnit {
  fid: number;
  level: 'county' | 'town' | 'village';
  code: string;
  name: string;
  parentCode: string | null;
  polys: Polygon[];
  bbox: [number, number, number, number];
  area: number;
}

function loadUnits(db: Db, table: string, level: AdminUnit['level'], codeField: string, nameField: string, grid: number): AdminUnit[] {
  const parent = hasColumn(db, table, 'SJXZQDM') ? 'SJXZQDM' : 'NULL';
  const rows = db.prepare(`SELECT fid, "${codeField}" code, "${nameField}" name, ${parent} parent,
      AsBinary(ST_SnapToGrid(geom, ${grid})) wkb FROM "${table}" WHERE geom IS NOT NULL ORDER BY fid`).all() as
    { fid: number; code: string | null; name: string | null; parent: string | null; wkb: Buffer | null }[];
  const out: AdminUnit[] = [];
  for (const r of rows) {
    const polys = parsePolygons(r.wkb);
    const bbox = bboxOf(polys);
    if (!bbox) continue;
    out.push({
      fid: r.fid, level, code: r.code ?? `#${r.fid}`, name: r.name ?? r.code ?? `#${r.fid}`, parentCode: r.parent,
      polys, bbox, area: polys.reduce((s, p) => s + polygonArea(p), 0),
    });
  }
  return out;
}

function find(units: AdminUnit[], x: number, y: number): AdminUnit | undefined {
  for (const u of units) {
    const b = u.bbox;
    if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) continue;
    if (containsPoint(u.polys, x, y)) return u;
  }
  return undefined;
}

export class AdminLocator {
  readonly counties: AdminUnit[];
  readonly towns: AdminUnit[];
  readonly villages: AdminUnit[];
  private readonly townOfVillage = new Map<number, AdminUnit | undefined>();
  private readonly countyOfTown = new Map<number, AdminUnit | undefined>();

  constructor(db: Db, roles: Roles, grid: number) {
    this.counties = roles.county ? loadUnits(db, roles.county.table, 'county', 'XZQDM', 'XZQMC', grid) : [];
    this.towns = roles.town ? loadUnits(db, roles.town.table, 'town', 'XZQDM', 'XZQMC', grid) : [];
    this.villages = roles.village ? loadUnits(db, roles.village.table, 'village', 'ZLDWDM', 'ZLDWMC', grid) : [];
    const townByCode = new Map(this.towns.map((t) => [t.code, t]));
    const countyByCode = new Map(this.counties.map((c) => [c.code, c]));
    for (const v of this.villages) {
      let t = v.parentCode ? townByCode.get(v.parentCode) : undefined;
      if (!t) { const p = interiorPoint(v.polys); t = p ? find(this.towns, p[0], p[1]) : undefined; }
      this.townOfVillage.set(v.fid, t);
    }
    for (const t of this.towns) {
      let c = t.parentCode ? countyByCode.get(t.parentCode) : undefined;
      if (!c) { const p = interiorPoint(t.polys); c = p ? find(this.counties, p[0], p[1]) : undefined; }
      this.countyOfTown.set(t.fid, c);
    }
  }

  villageAt(x: number, y: number): AdminUnit | undefined {
    return find(this.villages, x, y);
  }

  townOf(v: AdminUnit): AdminUnit | undefined {
    return this.townOfVillage.get(v.fid);
  }

  countyOf(t: AdminUnit): AdminUnit | undefined {
    return this.countyOfTown.get(t.fid);
  }

  /** Town and village at a point: the village's town when a village contains it, else the town layer directly. */
  locate(x: number, y: number): { town?: AdminUnit; village?: AdminUnit } {
    const village = this.villageAt(x, y);
    const town = village ? this.townOf(village) ?? find(this.towns, x, y) : find(this.towns, x, y);
    return { town, village };
  }
}
