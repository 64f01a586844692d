import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobProgress } from '../../../shared/contract/schemas.js';
import { scaleBar } from '../map/scale-bar.js';
import { cursorStore, viewStore, type CursorPosition, type MapViewState } from '../state/map-stores.js';
import { useStore } from '../state/store.js';
import { projectorFor } from './projection.js';

const selectCursor = (c: CursorPosition | null) => c;
const selectView = (v: MapViewState | null) => v;

export interface StatusBarProps {
  srid: number | null;
  jobs: JobProgress[];
  onCancelJob: (jobId: string) => void;
  /** More items after the zoom and scale (the editing tool, snap state, measurements). */
  extra?: React.ReactNode;
}

export function StatusBar({ srid, jobs, onCancelJob, extra }: StatusBarProps) {
  const running = [...jobs].sort((a, b) => Number(a.fraction >= 1) - Number(b.fraction >= 1));
  return (
    <footer className="status-bar">
      <CursorCoordinates srid={srid} />
      <ZoomAndScale />
      {extra}
      <span className="status-spacer" />
      {/* Opening a workspace loads every layer as a job; one bar plus a count keeps the bar readable. */}
      {running[0] && <JobIndicator job={running[0]} others={running.length - 1} onCancel={onCancelJob} />}
    </footer>
  );
}

function CursorCoordinates({ srid }: { srid: number | null }) {
  const { t } = useTranslation();
  const cursor = useStore(cursorStore, selectCursor);
  const projector = useMemo(() => (srid ? projectorFor(srid) : null), [srid]);
  const xy = cursor && projector ? projector(cursor.lon, cursor.lat) : null;
  return (
    <>
      <span className="status-item" data-testid="status-lonlat" title={`${t('status.lonlat')} (CGCS2000, EPSG:4490)`}>
        <span className="status-label">{t('status.lonlat')}</span>
        {cursor ? `${cursor.lon.toFixed(6)}°E, ${cursor.lat.toFixed(6)}°N` : <span className="muted">{t('status.noCursor')}</span>}
      </span>
      <span className="status-item" data-testid="status-xy" title={t('status.xyNote')}>
        <span className="status-label">
          {t('status.xy')}
          {srid ? ` EPSG:${srid}` : ''}
        </span>
        {xy ? (
          <>
            {t('status.x')} {xy[0].toFixed(2)} {t('status.y')} {xy[1].toFixed(2)}
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </span>
    </>
  );
}

function ZoomAndScale() {
  const { t } = useTranslation();
  const view = useStore(viewStore, selectView);
  if (!view) return null;
  const bar = scaleBar(view.latitude, view.zoom, 100);
  return (
    <>
      <span className="status-item" data-testid="status-zoom">
        <span className="status-label">{t('status.zoom')}</span>
        {view.zoom.toFixed(1)}
      </span>
      <span className="status-item scale" data-testid="status-scale" title={t('status.scale')}>
        <span className="scale-bar" style={{ width: `${bar.widthPx}px` }} />
        {bar.label}
      </span>
    </>
  );
}

function JobIndicator({ job, others, onCancel }: { job: JobProgress; others: number; onCancel: (jobId: string) => void }) {
  const { t } = useTranslation();
  const done = job.fraction >= 1;
  return (
    <span className="status-item job" data-testid="status-job" title={job.message}>
      <span className="status-label">{t('status.job')}</span>
      <progress max={1} value={job.fraction} />
      <span className="job-message">{job.message}</span>
      <span>{Math.round(job.fraction * 100)}%</span>
      {others > 0 && <span className="muted">{t('status.moreJobs', { count: others })}</span>}
      {!done && (
        <button type="button" className="text-button small" onClick={() => onCancel(job.jobId)}>
          {t('status.cancelJob')}
        </button>
      )}
    </span>
  );
}
