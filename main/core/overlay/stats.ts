// Statistics by 区县 / 镇街 / 村 from the partial sums the parts return. Everything is computed once at the finest
// admin level present (normally the villages) and summed upwards along the hierarchy, so the rows of a level always
// add up exactly to the level above; whatever lies in no village is reported as `unassigned`, never dropped.
import type { StatsLevel, StatsResult, StatsRow } from '../../../shared/contract/schemas.js';
import { isConstructionLand } from '../../../shared/domain/dlbm.js';
import { areaFromM2 } from '../../../shared/domain/units.js';
import { WorkbenchError } from '../errors.js';
import type { AdminLocator, AdminUnit } from './admin.js';
import type { PartialStats } from './engine.js';
import { LINE_KINDS } from './layers.js';

const ORDER: StatsLevel[] = ['village', 'town', 'county'];

export function mergeStats(into: PartialStats, from: PartialStats): void {
  const addMap = (a: Record<string | number, number>, b: Record<string | number, number>) => { for (const [k, v] of Object.entries(b)) a[k] = (a[k] ?? 0) + v; };
  for (const [u, m] of Object.entries(from.landuse)) addMap((into.landuse[Number(u)] ??= {}), m);
  addMap(into.landuseUnassigned, from.landuseUnassigned);
  for (const [k, m] of Object.entries(from.lines)) addMap((into.lines[k] ??= {}), m);
  addMap(into.linesTotal, from.linesTotal);
}

interface Acc {
  level: StatsLevel; code: string; name: string; parentCode: string | null; parentName: string | null;
  land: number; lines: Record<string, number>; dlbm: Record<string, number>;
}

function finish(a: Acc): StatsRow {
  const dlbm1: Record<string, number> = {}, dlbm2: Record<string, number> = {};
  let construction = 0;
  for (const [code, v] of Object.entries(a.dlbm)) {
    dlbm1[code.slice(0, 2)] = (dlbm1[code.slice(0, 2)] ?? 0) + v;
    dlbm2[code.slice(0, 4)] = (dlbm2[code.slice(0, 4)] ?? 0) + v;
    if (isConstructionLand(code)) construction += v;
  }
  const lines: Record<string, ReturnType<typeof areaFromM2>> = {}, lineShare: Record<string, number> = {};
  for (const k of Object.keys(a.lines)) {
    lines[k] = areaFromM2(a.lines[k]!);
    lineShare[k] = a.land > 0 ? a.lines[k]! / a.land : 0;
  }
  return {
    level: a.level, code: a.code, name: a.name, parentCode: a.parentCode, parentName: a.parentName,
    landArea: areaFromM2(a.land), lines, lineShare, dlbm1, dlbm2, construction: areaFromM2(construction),
    intensity: a.land > 0 ? construction / a.land : null,
  };
}

function emptyAcc(level: StatsLevel, code: string, name: string, parent?: AdminUnit | null): Acc {
  const lines: Record<string, number> = {};
  return { level, code, name, parentCode: parent?.code ?? null, parentName: parent?.name ?? null, land: 0, lines, dlbm: {} };
}

function addInto(a: Acc, b: Acc): void {
  a.land += b.land;
  for (const [k, v] of Object.entries(b.lines)) a.lines[k] = (a.lines[k] ?? 0) + v;
  for (const [k, v] of Object.entries(b.dlbm)) a.dlbm[k] = (a.dlbm[k] ?? 0) + v;
}

/** Rows at `by` (must be the unit level or coarser), the total, and what lies outside every unit. */
export function buildStats(by: StatsLevel, unitLevel: StatsLevel | undefined, admin: AdminLocator, s: PartialStats, presentLines: string[]): StatsResult {
  if (!unitLevel) throw new WorkbenchError('BAD_REQUEST', '没有行政区图层（区县/镇街/村），无法分区统计 / no admin layer (county, town or village) to compute statistics by');
  if (ORDER.indexOf(by) < ORDER.indexOf(unitLevel)) {
    throw new WorkbenchError('BAD_REQUEST', `没有${by === 'village' ? '村' : '镇街'}图层 / the workspace has no ${by} layer; statistics are available by ${ORDER.slice(ORDER.indexOf(unitLevel)).join(', ')}`);
  }
  const units = unitLevel === 'village' ? admin.villages : unitLevel === 'town' ? admin.towns : admin.counties;
  const base: { unit: AdminUnit; acc: Acc }[] = units.map((u) => {
    const parent = unitLevel === 'village' ? admin.townOf(u) : unitLevel === 'town' ? admin.countyOf(u) : null;
    const acc = emptyAcc(unitLevel, u.code, u.name, parent);
    acc.land = u.area;
    for (const k of presentLines) acc.lines[k] = s.lines[k]?.[u.fid] ?? 0;
    for (const [code, v] of Object.entries(s.landuse[u.fid] ?? {})) acc.dlbm[code] = v;
    return { unit: u, acc };
  });
  let rows: Acc[] = base.map((b) => b.acc);
  if (by !== unitLevel) {
    const groups = new Map<string, Acc>();
    for (const b of base) {
      let target: AdminUnit | undefined;
      if (unitLevel === 'village') {
        const town = admin.townOf(b.unit);
        target = by === 'town' ? town : town ? admin.countyOf(town) : undefined;
      } else target = admin.countyOf(b.unit);
      const key = target?.code ?? '(未知)';
      let g = groups.get(key);
      if (!g) {
        const parent = by === 'town' && target ? admin.countyOf(target) : null;
        g = emptyAcc(by, target?.code ?? '', target?.name ?? `(未归属${by === 'town' ? '镇街' : '区县'}) / unassigned`, parent);
        for (const k of presentLines) g.lines[k] = 0;
        groups.set(key, g);
      }
      addInto(g, b.acc);
    }
    rows = [...groups.values()];
  }
  rows.sort((a, b) => a.code.localeCompare(b.code));
  const total = emptyAcc(by, '', '合计 / total');
  for (const k of presentLines) total.lines[k] = 0;
  for (const r of rows) addInto(total, r);
  const linesUn: Record<string, number> = {};
  for (const k of presentLines) {
    const inUnits = Object.values(s.lines[k] ?? {}).reduce((x, y) => x + y, 0);
    linesUn[k] = Math.max(0, (s.linesTotal[k] ?? 0) - inUnits);
  }
  const notes: string[] = [];
  const luUn = Object.values(s.landuseUnassigned).reduce((x, y) => x + y, 0);
  if (luUn > 0.01) notes.push(`三调图斑有 ${luUn.toFixed(2)} m² 不在任何${unitLevel === 'village' ? '村' : '行政区'}内（未计入分区统计）/ ${luUn.toFixed(2)} m² of parcels lie outside every unit`);
  for (const k of LINE_KINDS) if ((linesUn[k] ?? 0) > 0.01) notes.push(`${k}: ${linesUn[k]!.toFixed(2)} m² outside every unit`);
  return { by, rows: rows.map(finish), total: finish(total), unassigned: { landuse: luUn, lines: linesUn }, notes };
}
