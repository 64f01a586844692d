// What of a run's findings is shown: the filter, the findings it leaves (largest first), their geometry for the
// map, and the selected finding, which the map zooms to.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Layer } from '@deck.gl/core';
import type { Bbox, Finding, FindingsPage } from '../../../shared/contract/schemas.js';
import { buildFindingLayers } from '../map/finding-overlay/finding-layers.js';
import { requestZoomTo } from '../state/map-stores.js';
import { filterFindings, findingFacets, NO_FILTER, subsetGeometry, type FindingFilter } from './finding-filter.js';

/** A finding of a few m² would fill the screen at the maximum zoom; show it with its surroundings. */
export function contextBbox([x0, y0, x1, y1]: Bbox, minSpanDeg = 0.004): Bbox {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const w = Math.max((x1 - x0) * 1.6, minSpanDeg);
  const h = Math.max((y1 - y0) * 1.6, minSpanDeg);
  return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
}

export function useFindingsView(page: FindingsPage | null, visibleOnMap: boolean) {
  const [filter, setFilter] = useState<FindingFilter>(NO_FILTER);
  const [selected, setSelected] = useState<Finding | null>(null);

  useEffect(() => {
    setFilter(NO_FILTER);
    setSelected(null);
  }, [page]);

  const facets = useMemo(() => findingFacets(page?.findings ?? []), [page]);
  const shown = useMemo(() => filterFindings(page?.findings ?? [], filter), [page, filter]);

  const geometry = useMemo(() => {
    if (!page?.geometry) return null;
    if (shown.length === page.findings.length) return page.geometry;
    return subsetGeometry(page.geometry, new Set(shown.map((f) => f.id)));
  }, [page, shown]);

  const severity = useMemo(() => new Map(page?.findings.map((f) => [f.id, f.severity]) ?? []), [page]);
  const overlays = useMemo<Layer[]>(
    () => (visibleOnMap ? buildFindingLayers({ geometry, severityOf: (id) => severity.get(id) ?? 'error', selectedId: selected?.id ?? null }) : []),
    [visibleOnMap, geometry, severity, selected],
  );

  const select = useCallback((finding: Finding) => {
    setSelected(finding);
    if (finding.bbox) requestZoomTo(contextBbox(finding.bbox), 300);
  }, []);

  const changeFilter = useCallback((next: FindingFilter) => {
    setFilter(next);
    setSelected((s) => (s && filterFindings([s], next).length === 0 ? null : s));
  }, []);

  return { filter, setFilter: changeFilter, facets, shown, selected, select, overlays };
}
