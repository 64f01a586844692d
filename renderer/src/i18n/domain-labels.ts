// Names that come from the domain (layer kinds, fields) rather than UI strings: they live in shared/domain with both
// languages, so pick the right one here instead of duplicating them in the i18n resources.
import { dlbmName } from '../../../shared/domain/dlbm.js';
import { LAYER_KINDS, type LayerKindId } from '../../../shared/domain/layer-kinds.js';
import type { LayerInfo } from '../../../shared/contract/schemas.js';
import type { Language } from './index.js';

export function layerName(layer: Pick<LayerInfo, 'name' | 'nameEn'>, lang: Language): string {
  return lang === 'en' && layer.nameEn ? layer.nameEn : layer.name;
}

export function fieldLabel(kind: LayerKindId, field: string, lang: Language): string {
  const def = LAYER_KINDS[kind]?.fields.find((f) => f.name === field);
  if (!def) return field;
  return lang === 'en' ? def.en : def.zh;
}

/** Attributes worth showing in a one-line hover tooltip, most specific first. */
const KEY_FIELDS: Partial<Record<LayerKindId, string[]>> = {
  county: ['XZQMC'],
  town: ['XZQMC'],
  village: ['ZLDWMC'],
  eco_redline: ['HXMC', 'HXBH'],
  urban_boundary: ['KFBJLX', 'BJBH', 'XZQMC'],
  water: ['MC', 'SYLX'],
  project_area: ['XMMC', 'XMBH'],
  project_subzone: ['ZQMC', 'ZQLX'],
  user: ['MC'],
};

const GENERIC_NAME_FIELDS = ['MC', 'NAME', 'XZQMC', 'ZLDWMC', 'XMMC', 'TBBH', 'BSM'];

const present = (v: string | number | null | undefined): v is string | number => v !== null && v !== undefined && v !== '';

/** One line describing a feature: 地类 code and name for land-use layers, the name field otherwise. */
export function keyAttributeText(kind: LayerKindId, attributes: Record<string, string | number | null>): string | null {
  const dlbm = attributes.DLBM;
  if (present(dlbm) && (kind === 'landuse' || kind === 'permanent_farmland')) {
    const name = present(attributes.DLMC) ? String(attributes.DLMC) : dlbmName(String(dlbm));
    return name ? `${dlbm} ${name}` : String(dlbm);
  }
  for (const field of [...(KEY_FIELDS[kind] ?? []), ...GENERIC_NAME_FIELDS]) {
    const v = attributes[field];
    if (present(v)) return String(v);
  }
  return null;
}
