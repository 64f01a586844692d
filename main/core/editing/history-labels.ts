// Readable bilingual labels for history rows that carry no summary: rows written before migration 3, and rows the
// workspace itself still logs without one (layer creation, feature imports, indicator targets). The history shows
// "新建图层 生态保护红线 / Created layer …" instead of the raw action name `layer.create`.
import type { Workspace } from '../workspace/workspace.js';
import type { Summary } from './history.js';

interface LegacyRow { action: string; layer_id: number | null; detail_json: string | null }

/** The layer's name then and now: its current name, or its table from the row, or its id. */
function layerNames(ws: Workspace, layerId: number | null, detail: Record<string, unknown>): { zh: string; en: string } {
  if (layerId !== null) {
    try {
      const l = ws.layer(layerId);
      return { zh: l.name, en: l.nameEn || l.name };
    } catch {
      // The layer was deleted since: name it by the table the row recorded.
    }
  }
  const table = typeof detail.table === 'string' ? detail.table : null;
  const fallback = table ?? (layerId !== null ? `#${layerId}` : '?');
  return { zh: fallback, en: fallback };
}

const VERBS: Record<string, Summary> = {
  create: { zh: '新建', en: 'Created' }, insert: { zh: '添加', en: 'Added' }, import: { zh: '导入', en: 'Imported' },
  delete: { zh: '删除', en: 'Deleted' }, remove: { zh: '删除', en: 'Removed' }, update: { zh: '修改', en: 'Changed' },
  set: { zh: '设置', en: 'Set' }, rename: { zh: '重命名', en: 'Renamed' }, style: { zh: '修改样式', en: 'Restyled' },
};
const NOUNS: Record<string, Summary> = {
  layer: { zh: '图层', en: 'layer' }, layers: { zh: '图层', en: 'layers' }, features: { zh: '要素', en: 'features' },
  feature: { zh: '要素', en: 'feature' }, targets: { zh: '指标目标', en: 'indicator targets' }, style: { zh: '样式', en: 'style' },
};

export function legacySummary(ws: Workspace, row: LegacyRow): Summary {
  let detail: Record<string, unknown> = {};
  try {
    const parsed: unknown = row.detail_json ? JSON.parse(row.detail_json) : {};
    if (parsed && typeof parsed === 'object') detail = parsed as Record<string, unknown>;
  } catch {
    // A row with unreadable detail is still labelled by its action.
  }
  const count = typeof detail.count === 'number' ? detail.count : null;
  switch (row.action) {
    case 'layer.create': {
      const l = layerNames(ws, row.layer_id, detail);
      return { zh: `新建图层 ${l.zh}`, en: `Created layer ${l.en}` };
    }
    case 'features.insert':
    case 'features.import': {
      const l = layerNames(ws, row.layer_id, detail);
      return count !== null
        ? { zh: `向 ${l.zh} 导入 ${count.toLocaleString('zh-CN')} 个要素`, en: `Imported ${count.toLocaleString('en-US')} feature${count === 1 ? '' : 's'} into ${l.en}` }
        : { zh: `向 ${l.zh} 导入要素`, en: `Imported features into ${l.en}` };
    }
    case 'targets.set':
      return { zh: '设置指标目标', en: 'Set the indicator targets' };
  }
  // Anything else: noun.verb in words where both are known, else the action as it is.
  const [noun, verb] = row.action.split('.');
  const n = noun ? NOUNS[noun] : undefined, v = verb ? VERBS[verb] : undefined;
  if (n && v) {
    const l = row.layer_id !== null && noun !== 'layer' ? layerNames(ws, row.layer_id, detail) : null;
    return { zh: `${v.zh}${n.zh}${l ? `（${l.zh}）` : ''}`, en: `${v.en} ${n.en}${l ? ` (${l.en})` : ''}` };
  }
  return { zh: row.action, en: row.action };
}
