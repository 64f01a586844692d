// Statistics by 区县 / 镇街 / 村 (areas of the three lines, 耕地, 建设用地, 开发强度) and the totals against the
// indicator targets the user enters. Taken from the shown check run when it computed them, else computed now.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Area, CheckRunInfo, StatsLevel, StatsResult, StatsRow, Targets } from '../../../shared/contract/schemas.js';
import { areaFromM2 } from '../../../shared/domain/units.js';
import { useClient } from '../api/ClientContext.js';
import { currentLanguage, type Language } from '../i18n/index.js';
import { formatFixed } from '../panels/format.js';
import { useReportError } from '../state/errors.js';
import { checkTargets, TARGET_KEYS, type TargetKey } from '../../../shared/domain/targets.js';

const LEVELS: StatsLevel[] = ['county', 'town', 'village'];
const LINES = [['eco_redline', 'eco'], ['permanent_farmland', 'farmland'], ['urban_boundary', 'urban']] as const;

export function StatsTab({ run }: { run: CheckRunInfo | null }) {
  const { t } = useTranslation();
  const client = useClient();
  const report = useReportError();
  const [level, setLevel] = useState<StatsLevel>('town');
  const [result, setResult] = useState<{ stats: StatsResult; fromRun: number | null } | null>(null);
  const [loading, setLoading] = useState(false);
  const [fresh, setFresh] = useState(0);

  const savedRun = run && run.checks.includes('stats') && fresh === 0 ? run.runId : null;
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    client.api['stats.get']({ by: level, ...(savedRun !== null ? { runId: savedRun } : {}) }).then(
      (stats) => !cancelled && setResult({ stats, fromRun: savedRun }),
      (e: unknown) => !cancelled && report(e),
    ).finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [client, level, savedRun, fresh, report]);

  // A new run replaces a recomputation the user asked for earlier.
  useEffect(() => setFresh(0), [run?.runId]);

  return (
    <div className="stats-tab" data-testid="stats-tab">
      <div className="panel-toolbar">
        <span className="segmented" role="group" aria-label={t('stats.level')}>
          {LEVELS.map((l) => (
            <button key={l} type="button" className={l === level ? 'active' : ''} aria-pressed={l === level} onClick={() => setLevel(l)} data-testid={`stats-level-${l}`}>
              {t(`stats.levels.${l}`)}
            </button>
          ))}
        </span>
        <span className="muted small" data-testid="stats-source">
          {loading ? t('stats.computing') : result?.fromRun != null ? t('stats.fromRun', { id: result.fromRun }) : t('stats.fromNow')}
        </span>
        <button type="button" disabled={loading} onClick={() => setFresh((n) => n + 1)} data-testid="stats-recompute">
          ↻ {t('stats.recompute')}
        </button>
        <span className="toolbar-spacer" />
        <span className="muted small">{t('stats.unit')}</span>
      </div>
      {result && (
        <div className="stats-body">
          <StatsTable stats={result.stats} />
          <TargetsPanel total={result.stats.total} />
        </div>
      )}
    </div>
  );
}

function AreaCell({ area, lang, share, testId }: { area: Area | undefined; lang: Language; share?: number; testId?: string }) {
  if (!area) return <td className="num muted">—</td>;
  return (
    <td className="num" data-testid={testId}>
      {formatFixed(area.ha, 2, lang)}
      <span className="mu">{formatFixed(area.mu, 2, lang)}{share !== undefined ? ` · ${formatFixed(share * 100, 1, lang)}%` : ''}</span>
    </td>
  );
}

function StatsTable({ stats }: { stats: StatsResult }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const row = (r: StatsRow, total = false) => (
    <tr key={total ? 'total' : r.code} className={total ? 'total-row' : ''} data-testid={total ? 'stats-total' : 'stats-row'}>
      <th scope="row">{total ? t('stats.total') : r.name}{!total && r.parentName && <span className="muted small"> · {r.parentName}</span>}</th>
      <td className="code">{total ? '' : r.code}</td>
      <AreaCell area={r.landArea} lang={lang} testId={total ? 'stats-total-land' : undefined} />
      {LINES.map(([kind]) => <AreaCell key={kind} area={r.lines[kind]} share={r.lineShare[kind]} lang={lang} testId={total ? `stats-total-${kind}` : undefined} />)}
      <AreaCell area={r.dlbm1['01'] !== undefined ? areaFromM2(r.dlbm1['01']) : undefined} lang={lang} />
      <AreaCell area={r.construction} lang={lang} />
      <td className="num">{r.intensity === null ? '—' : `${formatFixed(r.intensity * 100, 2, lang)}%`}</td>
    </tr>
  );
  return (
    <div className="stats-table-wrap">
      <table className="stats-table">
        <thead>
          <tr>
            <th>{t('stats.col.name')}</th>
            <th>{t('stats.col.code')}</th>
            <th>{t('stats.col.land')}</th>
            {LINES.map(([kind, key]) => <th key={kind}>{t(`stats.col.${key}`)}</th>)}
            <th>{t('stats.col.cultivated')}</th>
            <th>{t('stats.col.construction')}</th>
            <th>{t('stats.col.intensity')}</th>
          </tr>
        </thead>
        <tbody>
          {stats.rows.map((r) => row(r))}
          {row(stats.total, true)}
        </tbody>
      </table>
      {stats.unassigned.landuse > 0.5 && (
        <p className="warn small">{t('stats.unassigned', { ha: formatFixed(stats.unassigned.landuse / 10_000, 4, lang) })}</p>
      )}
    </div>
  );
}

/** Percent in the form, a 0–1 ratio in the workspace. */
const toForm = (key: TargetKey, v: number | null) => (v === null ? '' : String(key === 'intensityMax' ? Math.round(v * 1e6) / 1e4 : v));
const fromForm = (key: TargetKey, s: string) => {
  if (s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? (key === 'intensityMax' ? n / 100 : n) : undefined;
};

function TargetsPanel({ total }: { total: StatsRow }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const client = useClient();
  const report = useReportError();
  const [targets, setTargets] = useState<Targets | null>(null);
  const [form, setForm] = useState<Record<TargetKey, string> | null>(null);

  useEffect(() => {
    client.api['targets.get']({}).then(setTargets, report);
  }, [client, report]);

  const edit = useCallback(() => {
    if (targets) setForm(Object.fromEntries(TARGET_KEYS.map(({ key }) => [key, toForm(key, targets[key])])) as Record<TargetKey, string>);
  }, [targets]);

  const parsed = form && Object.fromEntries(TARGET_KEYS.map(({ key }) => [key, fromForm(key, form[key])]));
  const valid = parsed !== null && Object.values(parsed).every((v) => v !== undefined);
  const save = async () => {
    if (!valid || !parsed) return;
    try {
      setTargets(await client.api['targets.set'](parsed as Targets));
      setForm(null);
    } catch (e) {
      report(e);
    }
  };

  if (!targets) return null;
  const checks = checkTargets(total, targets);
  const anyTarget = checks.some((c) => c.target !== null);
  const fmt = (key: TargetKey, v: number | null) => (v === null ? '—' : key === 'intensityMax' ? `${formatFixed(v * 100, 2, lang)}%` : formatFixed(v, 2, lang));

  return (
    <section className="targets" data-testid="targets">
      <header className="targets-head">
        <h3 className="group-title">{t('targets.title')}</h3>
        {form ? (
          <button type="button" className="primary" disabled={!valid} onClick={() => void save()} data-testid="targets-save">{t('targets.save')}</button>
        ) : (
          <button type="button" onClick={edit} data-testid="targets-edit">{t('targets.edit')}</button>
        )}
      </header>
      {form ? (
        <form className="form targets-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          {TARGET_KEYS.map(({ key }) => (
            <label key={key}>
              <span>{t(`targets.names.${key}`)}</span>
              <input
                inputMode="decimal"
                value={form[key]}
                aria-invalid={fromForm(key, form[key]) === undefined}
                onChange={(e) => setForm({ ...form, [key]: e.target.value })}
                data-testid={`target-${key}`}
              />
            </label>
          ))}
        </form>
      ) : !anyTarget ? (
        <p className="muted small">{t('targets.none')}</p>
      ) : (
        <table className="targets-table">
          <thead>
            <tr>
              <th>{t('targets.col.indicator')}</th>
              <th>{t('targets.col.target')}</th>
              <th>{t('targets.col.actual')}</th>
              <th>{t('targets.col.difference')}</th>
              <th>{t('targets.col.result')}</th>
            </tr>
          </thead>
          <tbody>
            {checks.filter((c) => c.target !== null).map((c) => (
              <tr key={c.key} data-testid={`target-row-${c.key}`}>
                <th scope="row">{t(`targets.names.${c.key}`)}</th>
                <td className="num">{fmt(c.key, c.target)}</td>
                <td className="num">{fmt(c.key, c.actual)}</td>
                <td className="num">{c.difference === null ? '—' : `${c.difference > 0 ? '+' : ''}${fmt(c.key, c.difference)}`}</td>
                <td className={c.met === null ? 'muted' : c.met ? 'met' : 'not-met'} data-testid={`target-result-${c.key}`}>
                  {c.met === null ? t('targets.noData') : c.met ? `✓ ${t('targets.met')}` : `✗ ${t('targets.notMet')}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
