// The two schemes of a comparison on screen: the change overlay on one map (B with its changes), a swipe (卷帘)
// with A on the left of a draggable divider and B on the right, or two maps side by side. Every map shares one
// camera (state/map-stores cameraStore), so panning either moves both; each map builds its own deck.gl layers
// (a layer instance belongs to one Deck) from the same cached data.
import { useCallback, useMemo, useRef, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PickingInfo } from '@deck.gl/core';
import type { Bbox, SchemeInfo } from '../../../shared/contract/schemas.js';
import { buildChangeLayers, changeIdAt } from '../map/change-overlay/change-layers.js';
import { MapView } from '../map/MapView.js';
import { LockIcon } from '../schemes/icons.js';
import type { CompareSide, CompareState, CompareViewMode } from './useCompare.js';
import './compare.css';

export const COMPARE_MAP_A = 'compare-a';
export const COMPARE_MAP_B = 'compare-b';

const noSelect = () => {};

export interface CompareMapsProps {
  workspaceKey: string | null;
  extent: Bbox | null;
  compare: CompareState;
  schemes: readonly SchemeInfo[];
  view: CompareViewMode;
  labelSizePx?: number;
  /** Drawn over the whole view (the meeting-room legend, scale bar and north arrow). */
  children?: ReactNode;
}

function SchemeBadge({ side, scheme, className }: { side: 'A' | 'B'; scheme: SchemeInfo | undefined; className?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`compare-badge compare-badge-${side.toLowerCase()} ${className ?? ''}`} data-testid={`compare-badge-${side.toLowerCase()}`}>
      <b>{side}</b> {scheme?.name ?? '…'}
      {scheme?.isBaseline && <span className="scheme-tag">{t('schemes.baselineTag')}</span>}
      {scheme?.locked && <LockIcon title={t('schemes.locked')} />}
    </span>
  );
}

function SideMap({ name, side, primary, compare, workspaceKey, extent, labelSizePx }: {
  name: string; side: CompareSide | null; primary: boolean; compare: CompareState; workspaceKey: string | null; extent: Bbox | null; labelSizePx?: number;
}) {
  const overlay = compare.changeOverlay;
  const overlays = useMemo(() => (overlay ? buildChangeLayers(overlay) : []), [overlay]);
  const { diff, changes, shownIds, select } = compare;
  const onOverlayClick = useCallback((info: PickingInfo) => {
    if (!diff || !info.layer) return;
    const id = changeIdAt(diff.geometry, diff.changes, info.layer.id, info.index, shownIds);
    const change = id === null ? undefined : changes.find((c) => c.id === id);
    if (change) select(change);
  }, [diff, changes, shownIds, select]);
  return (
    <MapView
      name={name}
      followZoomRequests={primary}
      workspaceKey={workspaceKey}
      extent={extent}
      layersTopFirst={side?.layers ?? []}
      geometries={side?.geometries ?? new Map()}
      tiled={side?.tiled}
      scheme={side?.scheme}
      selection={null}
      onSelect={noSelect}
      overlays={overlays}
      labelSizePx={labelSizePx}
      onOverlayClick={onOverlayClick}
    />
  );
}

export function CompareMaps({ workspaceKey, extent, compare, schemes, view, labelSizePx, children }: CompareMapsProps) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const schemeA = schemes.find((s) => s.id === compare.pair?.from);
  const schemeB = schemes.find((s) => s.id === compare.pair?.to);
  const common = { compare, workspaceKey, extent, labelSizePx };

  const drag = useCallback((e: ReactPointerEvent<HTMLDivElement>) => {
    const el = container.current;
    if (!el) return;
    e.preventDefault();
    const target = e.currentTarget;
    target.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => {
      const box = el.getBoundingClientRect();
      compare.setSwipe((ev.clientX - box.left) / box.width);
    };
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  }, [compare]);

  const percent = `${(compare.swipe * 100).toFixed(2)}%`;
  return (
    <div className={`compare-maps compare-${view}`} ref={container} data-testid="compare-maps" data-view={view}>
      {view === 'overlay' && (
        <div className="compare-pane">
          <SideMap name={COMPARE_MAP_B} side={compare.b} primary {...common} />
          <span className="compare-badges"><SchemeBadge side="A" scheme={schemeA} /> → <SchemeBadge side="B" scheme={schemeB} /></span>
        </div>
      )}
      {view === 'sideBySide' && (
        <>
          <div className="compare-pane">
            <SideMap name={COMPARE_MAP_A} side={compare.a} primary {...common} />
            <SchemeBadge side="A" scheme={schemeA} className="corner" />
          </div>
          <div className="compare-pane">
            <SideMap name={COMPARE_MAP_B} side={compare.b} primary={false} {...common} />
            <SchemeBadge side="B" scheme={schemeB} className="corner" />
          </div>
        </>
      )}
      {view === 'swipe' && (
        <>
          <div className="compare-pane">
            <SideMap name={COMPARE_MAP_A} side={compare.a} primary {...common} />
          </div>
          <div className="compare-pane compare-top" style={{ clipPath: `inset(0 0 0 ${percent})` }} data-testid="swipe-top">
            <SideMap name={COMPARE_MAP_B} side={compare.b} primary={false} {...common} />
          </div>
          <div
            className="swipe-divider"
            style={{ left: percent }}
            role="separator"
            aria-orientation="vertical"
            aria-valuenow={Math.round(compare.swipe * 100)}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-label={t('compare.swipeHint')}
            title={t('compare.swipeHint')}
            tabIndex={0}
            onPointerDown={drag}
            onKeyDown={(e) => {
              if (e.key === 'ArrowLeft') compare.setSwipe(compare.swipe - 0.02);
              else if (e.key === 'ArrowRight') compare.setSwipe(compare.swipe + 0.02);
            }}
            data-testid="swipe-divider"
          >
            <span className="swipe-handle">⇔</span>
          </div>
          <SchemeBadge side="A" scheme={schemeA} className="corner" />
          <SchemeBadge side="B" scheme={schemeB} className="corner right" />
        </>
      )}
      {compare.computing && <div className="compare-computing small" data-testid="compare-computing">{t('compare.computing')}</div>}
      {children}
    </div>
  );
}
