// The 整治项目 tab of the bottom panel: the projects of the workspace (filter by town, status and type), the card of
// the selected one, and the roll-ups by type and by town once every project is computed.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectCheckResult, ProjectSummary } from '../../../shared/contract/consolidation.js';
import type { WorkspaceInfo } from '../../../shared/contract/schemas.js';
import { PROJECT_TYPE_LABELS, ROLLUP_MEASURES, ROLLUP_MEASURE_LABELS } from '../../../shared/domain/consolidation.js';
import { currentLanguage, type Language } from '../i18n/index.js';
import { formatFixed } from '../panels/format.js';
import { ProjectCard } from './ProjectCard.js';
import { NO_PROJECT_FILTER, type ProjectFilter, type ProjectsState } from './useProjects.js';
import './consolidation.css';

export function filterProjects(projects: readonly ProjectSummary[], f: ProjectFilter): ProjectSummary[] {
  return projects.filter((p) => (!f.town || (p.town ?? '') === f.town) && (!f.status || (p.status ?? '') === f.status) && (!f.type || p.type === f.type));
}

const distinct = (xs: (string | null)[]) => [...new Set(xs.map((x) => x ?? ''))].sort();

export function ProjectsTab({ info, projects }: { info: WorkspaceInfo; projects: ProjectsState }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const [filter, setFilter] = useState<ProjectFilter>(NO_PROJECT_FILTER);
  const [showRollup, setShowRollup] = useState(false);
  const all = projects.list?.projects ?? [];
  const shown = useMemo(() => filterProjects(all, filter), [all, filter]);
  const facets = useMemo(() => ({ town: distinct(all.map((p) => p.town)), status: distinct(all.map((p) => p.status)), type: distinct(all.map((p) => p.type)) }), [all]);
  const selected = all.find((p) => p.code === projects.selected) ?? null;

  if (projects.list && !all.length) return <div className="projects-tab panel-empty muted" data-testid="projects-tab">{t('projects.none')}</div>;
  return (
    <div className="projects-tab" data-testid="projects-tab">
      <aside className="project-list">
        <div className="panel-toolbar">
          {(['town', 'status', 'type'] as const).map((k) => (
            <label key={k} className="small">
              {t(`projects.filters.${k}`)}{' '}
              <select value={filter[k]} onChange={(e) => setFilter({ ...filter, [k]: e.target.value })} data-testid={`project-filter-${k}`}>
                <option value="">{t('projects.filters.all')}</option>
                {facets[k].map((v) => <option key={v} value={v}>{v || '—'}</option>)}
              </select>
            </label>
          ))}
          <span className="toolbar-spacer" />
          <button type="button" disabled={projects.busy || !all.length} title={t('projects.checkAllHint')} onClick={() => { setShowRollup(true); void projects.check(); }} data-testid="projects-check-all">
            {t('projects.checkAll')}
          </button>
        </div>
        <ul className="project-rows" role="listbox" aria-label={t('projects.list')}>
          {shown.map((p) => {
            const r = projects.reports.get(p.code);
            return (
              <li key={p.code} role="option" aria-selected={p.code === projects.selected} className={p.code === projects.selected ? 'selected' : ''}
                onClick={() => { setShowRollup(false); projects.select(p.code); }} data-testid="project-row" data-code={p.code}>
                <span className="project-name">{p.name}</span>
                <span className="muted small">
                  {p.code} · {PROJECT_TYPE_LABELS[p.type].short} · {p.town ?? '—'} · {p.status ?? '—'} · {formatFixed(p.areaM2 / 10_000, 2, lang)} {lang === 'zh' ? '公顷' : 'ha'}
                </span>
                {r && (
                  <span className={`project-verdict ${r.failed ? 'fail' : 'pass'}`} data-testid="project-verdict">
                    {r.failed ? `✗ ${r.failed}` : '✓'}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
        {projects.rollups && (
          <button type="button" className={`link-button ${showRollup ? 'active' : ''}`} onClick={() => setShowRollup((v) => !v)} data-testid="projects-show-rollup">
            Σ {t('projects.rollup')}
          </button>
        )}
      </aside>
      <section className="project-main">
        {showRollup && projects.rollups ? (
          <Rollups rollups={projects.rollups} lang={lang} />
        ) : selected ? (
          <ProjectCard info={info} project={selected} projects={projects} />
        ) : (
          <div className="panel-empty muted">{projects.busy ? t('projects.computing') : t('projects.pick')}</div>
        )}
      </section>
    </div>
  );
}

function Rollups({ rollups, lang }: { rollups: ProjectCheckResult['rollups']; lang: Language }) {
  const { t } = useTranslation();
  return (
    <div className="project-rollups" data-testid="project-rollups">
      <p className="muted small">{t('projects.unit')} · {t('projects.rollupNote')}</p>
      {(['type', 'town'] as const).map((by) => (
        <table key={by} className="stats-table" data-testid={`rollup-${by}`}>
          <thead>
            <tr>
              <th>{t(`projects.rollupBy.${by}`)}</th>
              <th>{t('projects.count')}</th>
              <th>{t('projects.failing')}</th>
              {ROLLUP_MEASURES.map((m) => <th key={m}>{lang === 'zh' ? ROLLUP_MEASURE_LABELS[m].zh : ROLLUP_MEASURE_LABELS[m].en}</th>)}
            </tr>
          </thead>
          <tbody>
            {[...rollups[by].rows, rollups[by].total].map((row) => (
              <tr key={row.key} className={row.key === 'total' ? 'total-row' : ''} data-testid={`rollup-${by}-row`}>
                <th scope="row">{row.key === 'total' ? t('projects.total') : row.name}</th>
                <td className="num">{row.count}</td>
                <td className="num">{row.failing}</td>
                {ROLLUP_MEASURES.map((m) => (
                  <td key={m} className="num">
                    {formatFixed(row.sums[m]! / 10_000, 4, lang)}
                    <span className="mu">{formatFixed(row.sums[m]! / (10_000 / 15), 2, lang)}</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}
