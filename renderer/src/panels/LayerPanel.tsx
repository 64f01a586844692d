import { useTranslation } from 'react-i18next';
import type { LayerGeometry, LayerInfo } from '../../../shared/contract/schemas.js';
import type { LayerPatch } from '../state/useLayerEditing.js';
import { GROUP_ORDER, groupOf, moveWithinGroup } from './layer-order.js';
import { LayerRow } from './LayerRow.js';

export interface LayerPanelProps {
  layersTopFirst: readonly LayerInfo[];
  geometries: ReadonlyMap<number, LayerGeometry>;
  /** Class counts of the layers drawn from tiles, by layer id (docs/scale.md). */
  classCounts?: ReadonlyMap<number, { keys: readonly string[]; counts: readonly number[] }>;
  loading: ReadonlySet<number>;
  onUpdate: (layerId: number, patch: LayerPatch, debounceMs?: number) => void;
  onReorder: (idsTopFirst: number[]) => void;
  /** Opens the import dialog (absent: no workspace, no button). */
  onImport?: () => void;
  onExport?: (layer: LayerInfo) => void;
}

export function LayerPanel({ layersTopFirst, geometries, classCounts, loading, onUpdate, onReorder, onImport, onExport }: LayerPanelProps) {
  const { t } = useTranslation();
  const move = (layerId: number, direction: -1 | 1) => {
    const ids = moveWithinGroup(layersTopFirst, layerId, direction);
    if (ids) onReorder(ids);
  };

  return (
    <aside className="layer-panel" aria-label={t('layers.title')}>
      <div className="panel-head">
        <h2 className="panel-title">{t('layers.title')}</h2>
        {onImport && (
          <button type="button" className="panel-title-action" title={t('io.importHint')} onClick={onImport} data-testid="layer-import">
            {t('io.import')}
          </button>
        )}
      </div>
      {layersTopFirst.length === 0 && <p className="muted small">{t('layers.empty')}</p>}
      {GROUP_ORDER.map((group) => {
        const members = layersTopFirst.filter((l) => groupOf(l) === group);
        if (members.length === 0) return null;
        return (
          <section key={group} className="layer-group" data-testid={`layer-group-${group}`}>
            <h3 className="group-title">{t(`layers.groups.${group}`)}</h3>
            {members.map((layer, i) => (
              <LayerRow
                key={layer.id}
                layer={layer}
                geometry={geometries.get(layer.id)}
                classCounts={classCounts?.get(layer.id)}
                loading={loading.has(layer.id)}
                canMoveUp={i > 0}
                canMoveDown={i < members.length - 1}
                onUpdate={onUpdate}
                onMove={move}
                onExport={onExport}
              />
            ))}
          </section>
        );
      })}
    </aside>
  );
}
