// One project's card: its attributes, the indicator table (整治前 / 整治后 / 变化, 公顷 with 亩 beside), every rule
// with its verdict, number, threshold and source, the four parts, and its sub-zones coloured as on the map. A click
// on an indicator, a rule or a sub-zone outlines on the map the features that decide it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeatureLink, IndicatorRow, ProjectReport, ProjectSummary, RuleResult } from '../../../shared/contract/consolidation.js';
import type { WorkspaceInfo } from '../../../shared/contract/schemas.js';
import { INDICATOR_GROUPS, PART_LABELS, PROJECT_TYPE_LABELS, type IndicatorGroup, type Part } from '../../../shared/domain/consolidation.js';
import { dlbmName } from '../../../shared/domain/dlbm.js';
import { currentLanguage, type Language } from '../i18n/index.js';
import { requestZoomTo } from '../state/map-stores.js';
import { contextBbox } from '../checks/useFindingsView.js';
import { COMPARATOR_SYMBOL, showThreshold, showValue, type Unit } from './format.js';
import { KIND_COLORS } from './project-overlay.js';
import { ProjectExportDialog } from './ProjectExportDialog.js';
import { RuleEditor } from './RuleEditor.js';
import type { ProjectsState } from './useProjects.js';

function ValueCell({ unit, value, lang, unbounded, testId }: { unit: Unit; value: number | null; lang: Language; unbounded?: boolean; testId?: string }) {
  const v = showValue(unit, value, lang, unbounded);
  return (
    <td className="num" data-testid={testId} data-value={value ?? ''}>
      {v.main}
      {v.mu !== null && <span className="mu">{v.mu}</span>}
    </td>
  );
}

const MARK = { pass: '✓', fail: '✗', na: '–' } as const;

export function ProjectCard({ info, project, projects }: { info: WorkspaceInfo; project: ProjectSummary; projects: ProjectsState }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const report = projects.reports.get(project.code) ?? null;
  const [editing, setEditing] = useState(false);
  const [exporting, setExporting] = useState(false);
  const label = (x: { zh: string; en: string }) => (lang === 'zh' ? x.zh : x.en || x.zh);
  const pick = (key: string, features: FeatureLink[]) => projects.setHighlight(projects.highlight?.key === key ? null : { key, features });
  const active = projects.highlight?.key;

  return (
    <div className="project-card" data-testid="project-card" data-code={project.code}>
      <header className="project-card-head">
        <div>
          <h3>{project.name}</h3>
          <div className="project-attrs small">
            <span>{t('projects.attrs.code')}：{project.code}</span>
            <span>{t('projects.attrs.type')}：{lang === 'zh' ? PROJECT_TYPE_LABELS[project.type].zh : PROJECT_TYPE_LABELS[project.type].en}</span>
            <span>{t('projects.attrs.town')}：{project.town ?? '—'}</span>
            <span>{t('projects.attrs.villages')}：{project.villages ?? '—'}</span>
            <span>{t('projects.attrs.period')}：{project.period ?? '—'}</span>
            <span>{t('projects.attrs.investment')}：{project.investment ?? '—'}</span>
            <span>{t('projects.attrs.status')}：{project.status ?? '—'}</span>
            <span>{t('projects.attrs.subzones')}：{project.subzoneCount}</span>
          </div>
        </div>
        <span className="toolbar-spacer" />
        {report && (
          <span className={`project-summary ${report.failed ? 'fail' : 'pass'}`} data-testid="project-summary">
            {t('projects.passed', { passed: report.passed, failed: report.failed })}
          </span>
        )}
        <button type="button" onClick={() => project.bbox && requestZoomTo(contextBbox(project.bbox, 0.01), 400)}>{t('projects.zoom')}</button>
        <button type="button" disabled={projects.busy} onClick={() => void projects.check([project.code])} data-testid="project-recompute">↻ {t('projects.recompute')}</button>
        <button type="button" onClick={() => setEditing(true)} data-testid="project-rules">{t('projects.rules')}</button>
        <button type="button" disabled={!report} onClick={() => setExporting(true)} data-testid="project-export">{t('projects.export')}</button>
      </header>
      {!report ? (
        <div className="panel-empty muted" data-testid="project-computing">{t('projects.computing')}</div>
      ) : (
        <div className="project-card-body">
          <div className="project-indicators">
            <p className="muted small">{t('projects.unit')} · {t('projects.highlightHint')}{projects.stale ? ` · ${t('projects.stale')}` : ''}</p>
            <IndicatorTable report={report} lang={lang} label={label} active={active} onPick={pick} />
          </div>
          <div className="project-side">
            <RuleTable rules={report.rules} lang={lang} label={label} active={active} onPick={pick} />
            <Parts report={report} lang={lang} />
            <Subzones report={report} lang={lang} active={active} onPick={pick} />
            {report.notes.length > 0 && (
              <div className="project-notes small">
                <h4>{t('projects.notes')}</h4>
                <ul>{report.notes.map((n, i) => <li key={i}>{label(n)}</li>)}</ul>
              </div>
            )}
          </div>
        </div>
      )}
      {editing && <RuleEditor onClose={() => setEditing(false)} onSaved={projects.refreshAfterRules} />}
      {exporting && report && <ProjectExportDialog info={info} code={project.code} onClose={() => setExporting(false)} />}
    </div>
  );
}

function IndicatorTable({ report, lang, label, active, onPick }: {
  report: ProjectReport; lang: Language; label: (x: { zh: string; en: string }) => string; active: string | undefined; onPick: (key: string, f: FeatureLink[]) => void;
}) {
  const { t } = useTranslation();
  const rows: (IndicatorRow | { group: string })[] = [];
  let group = '';
  for (const r of report.indicators) {
    if (r.group !== group) rows.push({ group: (group = r.group) });
    rows.push(r);
  }
  return (
    <table className="stats-table indicator-table" data-testid="indicator-table">
      <thead>
        <tr><th>{t('projects.col.indicator')}</th><th>{t('projects.col.before')}</th><th>{t('projects.col.after')}</th><th>{t('projects.col.value')}</th></tr>
      </thead>
      <tbody>
        {rows.map((r) => 'id' in r ? (
          <tr key={r.id} className={`clickable ${active === `i:${r.id}` ? 'active' : ''}`} onClick={() => onPick(`i:${r.id}`, r.features)} data-testid={`indicator-${r.id}`}>
            <th scope="row" title={r.id}>{label(r).trim()}</th>
            {r.before !== null || r.after !== null ? (
              <>
                <ValueCell unit={r.unit} value={r.before} lang={lang} testId={`indicator-${r.id}-before`} />
                <ValueCell unit={r.unit} value={r.after} lang={lang} testId={`indicator-${r.id}-after`} />
              </>
            ) : (
              <><td /><td /></>
            )}
            <ValueCell unit={r.unit} value={r.value} lang={lang} unbounded={r.unbounded} testId={`indicator-${r.id}-value`} />
          </tr>
        ) : (
          <tr key={`g-${r.group}`} className="group-row"><th colSpan={4}>{label(INDICATOR_GROUPS[r.group as IndicatorGroup] ?? { zh: r.group, en: r.group })}</th></tr>
        ))}
      </tbody>
    </table>
  );
}

function RuleTable({ rules, lang, label, active, onPick }: {
  rules: RuleResult[]; lang: Language; label: (x: { zh: string; en: string }) => string; active: string | undefined; onPick: (key: string, f: FeatureLink[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <table className="stats-table rule-table" data-testid="rule-table">
      <thead>
        <tr><th /><th>{t('projects.col.rule')}</th><th>{t('projects.col.value')}</th><th>{t('projects.col.threshold')}</th></tr>
      </thead>
      <tbody>
        {rules.map((r) => {
          const v = showValue(r.unit, r.value, lang, r.unbounded);
          return (
            <tr key={r.ruleId} className={`clickable rule-${r.status} ${active === `r:${r.ruleId}` ? 'active' : ''}`} onClick={() => onPick(`r:${r.ruleId}`, r.features)}
              data-testid={`rule-${r.ruleId}`} data-status={r.status} title={`${t('projects.col.source')}：${r.source}${r.reason ? `\n${r.reason}` : ''}`}>
              <td className={`rule-mark ${r.status}`} aria-label={t(`projects.status.${r.status}`)}>{MARK[r.status]}</td>
              <th scope="row">{label(r)}</th>
              <td className="num">{v.main}{v.mu !== null && <span className="mu">{v.mu}</span>}</td>
              <td className="num">{COMPARATOR_SYMBOL[r.comparator]} {showThreshold(r.unit, r.threshold, lang)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Parts({ report, lang }: { report: ProjectReport; lang: Language }) {
  const { t } = useTranslation();
  return (
    <table className="stats-table" data-testid="parts-table">
      <thead><tr><th>{t('projects.parts')}</th><th>{t('projects.attrs.subzones')}</th><th>{lang === 'zh' ? '面积' : 'Area'}</th><th>{lang === 'zh' ? '耕地净增' : 'Net cultivated'}</th></tr></thead>
      <tbody>
        {report.parts.map((p) => {
          const a = showValue('m2', p.areaM2, lang), n = showValue('m2', p.cultivatedNetM2, lang);
          return (
            <tr key={p.part}>
              <th scope="row">{lang === 'zh' ? p.part : PART_LABELS[p.part as Part] ?? p.part}</th>
              <td className="num">{p.count}</td>
              <td className="num">{a.main}<span className="mu">{a.mu}</span></td>
              <td className="num">{n.main}<span className="mu">{n.mu}</span></td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Subzones({ report, lang, active, onPick }: { report: ProjectReport; lang: Language; active: string | undefined; onPick: (key: string, f: FeatureLink[]) => void }) {
  const { t } = useTranslation();
  const layerId = report.subzoneLayerId;
  return (
    <table className="stats-table" data-testid="subzone-table">
      <thead><tr><th /><th>{t('projects.subzones')}</th><th>{lang === 'zh' ? '规划地类' : 'Planned'}</th><th>{lang === 'zh' ? '面积' : 'Area'}</th></tr></thead>
      <tbody>
        {report.subzones.map((z) => {
          const color = KIND_COLORS[z.kind ?? 'other'] ?? KIND_COLORS.other!;
          const a = showValue('m2', z.areaM2, lang);
          return (
            <tr key={z.fid} className={`clickable ${active === `z:${z.fid}` ? 'active' : ''}`} onClick={() => layerId !== null && onPick(`z:${z.fid}`, [{ layerId, fid: z.fid }])} data-testid="subzone-row">
              <td><span className="swatch" style={{ background: `rgb(${color.join(',')})` }} title={t(`projects.kinds.${z.kind ?? 'other'}`)} /></td>
              <th scope="row">{z.name ?? `#${z.fid}`}<span className="muted small"> · {z.kind ? t(`projects.kinds.${z.kind}`) : (z.zqlx ?? '—')}</span></th>
              <td className="code">{z.ghdlbm ? `${z.ghdlbm} ${dlbmName(z.ghdlbm) ?? ''}` : '—'}</td>
              <td className="num">{a.main}<span className="mu">{a.mu}</span></td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

