// Which layer kind an imported file is, and which of its fields fill the kind's standard fields. Pure, shared: the
// import dialog re-proposes the mapping when the user picks another kind, without a round-trip.
import { LAYER_KINDS, LAYER_KIND_IDS, type FieldType, type LayerKindId } from './layer-kinds.js';

export interface SourceFieldRef { name: string; type: FieldType }

/** target (kind field) → source field name, or null for "leave empty". */
export type FieldMap = Record<string, string | null>;

const key = (s: string) => s.toLowerCase().replace(/[\s_\-（）()]/g, '');

/** Names planners' files use for the standard fields besides the standard name and its Chinese label. */
const ALIASES: Record<string, string[]> = {
  DLBM: ['地类代码', '地类码', 'dlbm2', 'landcode'],
  DLMC: ['地类'],
  TBMJ: ['图斑面积', '面积', 'shape_area', 'area'],
  TBBH: ['图斑号'],
  ZLDWMC: ['坐落单位', '村名', '村名称'],
  ZLDWDM: ['村代码'],
  QSDWMC: ['权属单位'],
  XZQMC: ['行政区', '名称', '乡镇名称', '镇名'],
  XZQDM: ['行政区划代码', '代码'],
  MJ: ['面积', 'shape_area', 'area'],
  MC: ['名称', 'name'],
  BZ: ['备注', 'description', 'remark'],
  HXMC: ['名称', 'name'],
  XMMC: ['名称', 'name'],
  ZRBHDMC: ['名称', 'name'],
  GKQYMC: ['名称', 'name'],
};

/** Proposes a mapping: exact name (any case), then the Chinese label, then known aliases; each source used once. */
export function proposeFieldMap(kind: LayerKindId, source: SourceFieldRef[]): FieldMap {
  const map: FieldMap = {};
  const used = new Set<string>();
  const byKey = new Map<string, string>();
  for (const f of source) if (!byKey.has(key(f.name))) byKey.set(key(f.name), f.name);
  const fields = LAYER_KINDS[kind].fields;
  const take = (target: string, candidates: string[]) => {
    for (const c of candidates) {
      const s = byKey.get(key(c));
      if (s && !used.has(s)) {
        used.add(s);
        map[target] = s;
        return true;
      }
    }
    return false;
  };
  // Exact names first, for every field, so an alias never takes a field another target names exactly.
  for (const f of fields) if (!take(f.name, [f.name])) map[f.name] = null;
  for (const f of fields) {
    if (map[f.name]) continue;
    take(f.name, [f.zh.replace(/（.*）/, ''), ...(ALIASES[f.name] ?? [])]);
  }
  return map;
}

/** Source fields the mapping does not use: kept as extra columns of the new layer. */
export function unmappedFields(map: FieldMap, source: SourceFieldRef[]): SourceFieldRef[] {
  const used = new Set(Object.values(map).filter((v): v is string => v !== null));
  return source.filter((f) => !used.has(f.name));
}

/** Fields that tell a kind apart from the others (not the ones every kind shares). */
const SHARED = new Set(['BSM', 'YSDM', 'BZ', 'MJ', 'XZQDM', 'XZQMC', 'ZLDWDM', 'ZLDWMC', 'DLBM', 'DLMC', 'TBBH', 'TBMJ', 'DCMJ', 'SJXZQDM', 'XMBH', 'GDDB', 'MC']);

const NAME_HINTS: [RegExp, LayerKindId][] = [
  [/dltb|地类图斑|三调/i, 'landuse'],
  [/yjjbnt|永久基本农田(?!储备)|基本农田(?!储备)/i, 'permanent_farmland'],
  [/jbntcbq|储备区/i, 'farmland_reserve'],
  [/stbhhx|生态保护红线|红线/i, 'eco_redline'],
  [/czkfbj|城镇开发边界|开发边界/i, 'urban_boundary'],
  [/cjdcq|村级调查区|村界/i, 'village'],
  [/xmq|项目区/i, 'project_area'],
  [/zzzq|整治子区|子区/i, 'project_subzone'],
  [/zrbhd|自然保护地/i, 'nature_reserve'],
  [/stkj|生态空间/i, 'eco_space'],
];

/**
 * Guesses the layer kind: the kind whose distinctive fields the file has most of (DLBM + TBMJ make 三调 parcels), else a
 * hint in the file or layer name (DLTB, YJJBNT, 城镇开发边界…), else a user layer.
 */
export function guessLayerKind(source: SourceFieldRef[], fileName = ''): { kind: LayerKindId; reason: string } {
  const names = new Set(source.map((f) => f.name.toUpperCase()));
  const has = (...f: string[]) => f.every((n) => names.has(n));
  if (has('JBNTTBBH')) return { kind: 'permanent_farmland', reason: 'JBNTTBBH' };
  if (has('DLBM', 'TBMJ') || has('DLBM', 'TBDLMJ')) {
    const hinted = NAME_HINTS.find(([re]) => re.test(fileName))?.[1];
    if (hinted === 'permanent_farmland' || hinted === 'farmland_reserve') return { kind: hinted, reason: `DLBM + TBMJ, ${fileName}` };
    return { kind: 'landuse', reason: 'DLBM + TBMJ' };
  }
  let best: { kind: LayerKindId; score: number; fields: string[] } = { kind: 'user', score: 0, fields: [] };
  for (const id of LAYER_KIND_IDS) {
    if (id === 'user') continue;
    const distinctive = LAYER_KINDS[id].fields.map((f) => f.name).filter((n) => !SHARED.has(n));
    const hit = distinctive.filter((n) => names.has(n));
    if (hit.length > best.score) best = { kind: id, score: hit.length, fields: hit };
  }
  if (best.score >= 2) return { kind: best.kind, reason: best.fields.join(' + ') };
  const hint = NAME_HINTS.find(([re]) => re.test(fileName));
  if (hint) return { kind: hint[1], reason: fileName };
  if (best.score === 1) return { kind: best.kind, reason: best.fields.join(' + ') };
  return { kind: 'user', reason: '' };
}
