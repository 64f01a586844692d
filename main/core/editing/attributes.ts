// Attributes on their way into a layer: checked against the kind's form (required fields, types, code domains),
// names derived from codes (DLMC from DLBM …), and area fields filled with the ellipsoidal area when a new feature
// has none (TBMJ is by definition the parcel's 椭球面积).
import { checkAttributes, deriveAttributes, type AdminUnits } from '../../../shared/domain/attribute-form.js';
import { CGCS2000_GEOGRAPHIC } from '../../../shared/domain/crs.js';
import { LAYER_KINDS } from '../../../shared/domain/layer-kinds.js';
import type { LayerInfo } from '../../../shared/contract/schemas.js';
import type { Db } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import { ellipsoidalArea } from '../overlay/ellipsoid.js';
import { parsePolygons } from '../overlay/geom.js';
import type { Workspace } from '../workspace/workspace.js';
import type { Attributes } from './features.js';
import { quoteId } from './features.js';

/** Area fields a new feature gets its ellipsoidal area in, when the caller leaves them empty. */
const AUTO_AREA_FIELDS = ['TBMJ', 'MJ', 'JBNTMJ', 'DCMJ'];

/** Towns, villages and counties of the workspace's admin layers (first layer of each kind), sorted by code. */
export function adminUnits(ws: Workspace): AdminUnits {
  const read = (kind: 'county' | 'town' | 'village', code: string, name: string, parent: string | null) => {
    const layer = ws.layersOfKind(kind)[0];
    if (!layer) return [];
    const rows = ws.db.prepare(`SELECT DISTINCT ${quoteId(code)} code, ${quoteId(name)} name${parent ? `, ${quoteId(parent)} parent` : ''}
      FROM ${quoteId(layer.table)} WHERE ${quoteId(code)} IS NOT NULL ORDER BY 1`).all() as { code: string; name: string | null; parent?: string | null }[];
    return rows.map((r) => ({ code: String(r.code), name: r.name ?? '', parentCode: r.parent ?? null }));
  };
  return {
    counties: read('county', 'XZQDM', 'XZQMC', null),
    towns: read('town', 'XZQDM', 'XZQMC', 'SJXZQDM'),
    villages: read('village', 'ZLDWDM', 'ZLDWMC', 'SJXZQDM'),
  };
}

/** Numeric strings typed into a numeric field become numbers; everything else is left for the check to judge. */
function coerce(layer: LayerInfo, attrs: Attributes): Attributes {
  const out: Attributes = { ...attrs };
  for (const f of LAYER_KINDS[layer.kind].fields) {
    const v = out[f.name];
    if ((f.type === 'REAL' || f.type === 'INTEGER') && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) out[f.name] = Number(v);
    if (typeof v === 'string' && v.trim() === '') out[f.name] = null;
  }
  return out;
}

/**
 * Checks and completes attributes before they are written. `partial`: an update that sends only the fields it
 * changes (required fields are then only checked when they are sent). Throws INVALID_ATTRIBUTES listing every
 * problem, naming the feature.
 */
export function prepareAttributes(ws: Workspace, layer: LayerInfo, attrs: Attributes, opts: { partial?: boolean; what: string; whatEn: string }): Attributes {
  const admin = adminUnits(ws);
  const coerced = coerce(layer, attrs);
  const issues = checkAttributes(layer.kind, coerced, { admin, partial: opts.partial });
  if (issues.length) {
    throw new WorkbenchError('INVALID_ATTRIBUTES', `${opts.what} 的属性有误：${issues.map((i) => i.zh).join('；')} / ` +
      `Attributes of ${opts.whatEn} are not valid: ${issues.map((i) => i.en).join('; ')}`);
  }
  return deriveAttributes(layer.kind, coerced, admin);
}

/** Fills empty area fields of the kind with the geometry's ellipsoidal area on CGCS2000, rounded to 0.01 m². */
export function fillAreaFields(db: Db, srid: number, layer: LayerInfo, attrs: Attributes, wkb: Buffer): Attributes {
  const fields = LAYER_KINDS[layer.kind].fields.map((f) => f.name).filter((n) => AUTO_AREA_FIELDS.includes(n) && (attrs[n] === null || attrs[n] === undefined));
  if (!fields.length) return attrs;
  // The same ellipsoidal area the attribute panel and the checks report (exact for straight Gauss–Krüger edges).
  const a = ellipsoidalArea(parsePolygons(wkb), srid);
  const out = { ...attrs };
  for (const f of fields) out[f] = Math.round(a * 100) / 100;
  return out;
}

/** Required fields left empty (after a split or merge): the UI opens the form for these features. */
export function missingRequired(layer: LayerInfo, attrs: Attributes): string[] {
  return LAYER_KINDS[layer.kind].fields.filter((f) => f.required && (attrs[f.name] === null || attrs[f.name] === undefined || attrs[f.name] === '')).map((f) => f.name);
}
