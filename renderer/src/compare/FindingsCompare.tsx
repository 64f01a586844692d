// The overlay checks of both schemes compared: the latest finished run of A and of B, matched by fingerprint
// (checks.compare; layers named by their key, so runs of two schemes compare): conflicts B has that A had not
// (new), conflicts of A that B no longer has (resolved), by finding type. A scheme without a run can be checked
// from here (checks.run with its id).
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckRunInfo, Finding, FindingType, RunComparison, WorkspaceInfo } from '../../../shared/contract/schemas.js';
import { FINDING_LABELS } from '../../../shared/domain/findings.js';
import { useClient } from '../api/ClientContext.js';
import { contextBbox } from '../checks/useFindingsView.js';
import { currentLanguage } from '../i18n/index.js';
import { formatFixed } from '../panels/format.js';
import { useReportError } from '../state/errors.js';
import { requestZoomTo } from '../state/map-stores.js';

const MAX_LISTED = 300;

interface Sides {
  a: CheckRunInfo | null;
  b: CheckRunInfo | null;
}

export function FindingsCompare({ info, from, to }: { info: WorkspaceInfo; from: number; to: number }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const client = useClient();
  const report = useReportError();
  const [runs, setRuns] = useState<Sides | null>(null);
  const [comparison, setComparison] = useState<RunComparison | null>(null);
  const [findings, setFindings] = useState<{ a: Map<number, Finding>; b: Map<number, Finding> } | null>(null);
  const [running, setRunning] = useState<Map<number, { jobId: string; runId: number; fraction: number }>>(new Map());
  const [reload, setReload] = useState(0);
  const nameOf = (id: number) => info.schemes.find((s) => s.id === id)?.name ?? String(id);

  useEffect(() => {
    let cancelled = false;
    const latest = (scheme: number) => client.api['checks.runs']({ scheme }).then((list) => list.find((r) => r.status === 'done') ?? null);
    Promise.all([latest(from), latest(to)]).then(([a, b]) => !cancelled && setRuns({ a, b }), (e: unknown) => !cancelled && report(e));
    return () => {
      cancelled = true;
    };
  }, [client, from, to, reload, report]);

  useEffect(() => {
    setComparison(null);
    setFindings(null);
    if (!runs?.a || !runs.b) return;
    let cancelled = false;
    const page = (runId: number) => client.api['checks.findings']({ runId, limit: 100_000 })
      .then((p) => new Map(p.findings.map((f) => [f.id, f])));
    Promise.all([client.api['checks.compare']({ runId: runs.b.runId, previousRunId: runs.a.runId }), page(runs.a.runId), page(runs.b.runId)]).then(
      ([c, a, b]) => {
        if (cancelled) return;
        setComparison(c);
        setFindings({ a, b });
      },
      (e: unknown) => !cancelled && report(e),
    );
    return () => {
      cancelled = true;
    };
  }, [client, runs, report]);

  // A run started here: follow its progress, reload when it is saved.
  useEffect(() => {
    const offProgress = client.on('job.progress', (p) => setRunning((prev) => {
      for (const [scheme, r] of prev) if (r.jobId === p.jobId) return new Map(prev).set(scheme, { ...r, fraction: p.fraction });
      return prev;
    }));
    const offFinished = client.on('checks.finished', (run) => {
      setRunning((prev) => {
        const next = new Map(prev);
        for (const [scheme, r] of prev) if (r.runId === run.runId) next.delete(scheme);
        return next.size === prev.size ? prev : next;
      });
      setReload((n) => n + 1);
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, [client]);

  const runChecks = useCallback(async (scheme: number) => {
    try {
      const { jobId, runId } = await client.api['checks.run']({ scheme });
      setRunning((prev) => new Map(prev).set(scheme, { jobId, runId, fraction: 0 }));
    } catch (e) {
      report(e);
    }
  }, [client, report]);

  const types = useMemo(
    () => Object.entries(comparison?.byType ?? {}).filter(([, c]) => c.new || c.resolved || c.changed).sort((x, y) => (y[1].new + y[1].resolved) - (x[1].new + x[1].resolved)),
    [comparison],
  );

  const runCell = (scheme: number, run: CheckRunInfo | null | undefined, side: 'a' | 'b') => {
    const r = running.get(scheme);
    return (
      <span className="findings-side" data-testid={`findings-run-${side}`}>
        <b>{side.toUpperCase()}</b> {nameOf(scheme)}:{' '}
        {r ? (
          <span className="muted">{t('compare.findings.running', { percent: Math.round(r.fraction * 100) })}</span>
        ) : run ? (
          <span>{t('compare.findings.run', { id: run.runId, count: run.findingCount, time: new Date(run.startedAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') })}</span>
        ) : (
          <>
            <span className="muted">{t('compare.findings.noRun')}</span>{' '}
            <button type="button" onClick={() => void runChecks(scheme)} data-testid={`findings-run-checks-${side}`}>▶ {t('compare.findings.runChecks')}</button>
          </>
        )}
        {run && !r && (
          <button type="button" className="text-button small" onClick={() => void runChecks(scheme)} title={t('compare.findings.rerun')} data-testid={`findings-rerun-${side}`}>↻</button>
        )}
      </span>
    );
  };

  const zoom = (f: Finding | undefined) => f?.bbox && requestZoomTo(contextBbox(f.bbox), 300);
  const typeName = (type: string) => FINDING_LABELS[type as FindingType]?.[lang] ?? type;

  return (
    <div className="findings-compare" data-testid="findings-compare">
      <div className="filters">
        {runCell(from, runs?.a, 'a')}
        <span>→</span>
        {runCell(to, runs?.b, 'b')}
      </div>
      {comparison && findings && (
        <div className="findings-compare-body">
          <div className="findings-compare-summary">
            <span className="chip chip-new" data-testid="findings-new">{t('compare.findings.new', { count: comparison.new.length })}</span>
            <span className="chip chip-resolved" data-testid="findings-resolved">{t('compare.findings.resolved', { count: comparison.resolved.length })}</span>
            <span className="chip">{t('compare.findings.changed', { count: comparison.changed.length })}</span>
            <span className="chip">{t('compare.findings.unchanged', { count: comparison.unchanged })}</span>
            <table className="findings-type-table small">
              <thead><tr><th>{t('checks.col.type')}</th><th>{t('compare.findings.colNew')}</th><th>{t('compare.findings.colResolved')}</th><th>{t('compare.findings.colChanged')}</th></tr></thead>
              <tbody>
                {types.map(([type, c]) => (
                  <tr key={type}><td>{typeName(type)}</td><td className="num">{c.new}</td><td className="num">{c.resolved}</td><td className="num">{c.changed}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          <FindingColumn title={t('compare.findings.newTitle')} tone="new" testId="findings-new-list"
            items={comparison.new.slice(0, MAX_LISTED).map((id) => findings.b.get(id)).filter((f): f is Finding => !!f)} typeName={typeName} onPick={zoom} />
          <FindingColumn title={t('compare.findings.resolvedTitle')} tone="resolved" testId="findings-resolved-list"
            items={comparison.resolved.slice(0, MAX_LISTED).map((r) => findings.a.get(r.id)).filter((f): f is Finding => !!f)} typeName={typeName} onPick={zoom} />
        </div>
      )}
    </div>
  );
}

function FindingColumn({ title, tone, items, typeName, onPick, testId }: {
  title: string; tone: 'new' | 'resolved'; items: Finding[]; typeName: (t: string) => string; onPick: (f: Finding) => void; testId: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  return (
    <div className="findings-column" data-testid={testId}>
      <h4 className={`group-title chip-${tone}`}>{title} ({items.length})</h4>
      <ul>
        {items.map((f) => (
          <li key={f.id}>
            <button type="button" onClick={() => onPick(f)} title={f.detail}>
              <span className={`severity-dot severity-${f.severity}`} />
              {typeName(f.type)} · {formatFixed(f.area.ellipsoidal.ha, 4, lang)} {t('feature.ha')} · {f.town ?? '—'}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
