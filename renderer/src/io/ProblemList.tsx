// Every problem row an import preview found (invalid geometries with GEOS's reason, rows without geometry, rows that
// are not polygons), not just the first few: a scrollable table under its total, each with its row (or rows, for a
// parcel of boundary points), the feature's id when the file has one, and the reason; the whole list can be saved
// as a CSV to hand back to whoever made the file.
import { useTranslation } from 'react-i18next';
import type { RowProblem } from '../../../shared/contract/io.js';
import { problemsCsv } from './import-helpers.js';

export type ProblemKind = 'invalid' | 'empty' | 'unsupported';

export interface ProblemListProps {
  problems: { kind: ProblemKind; items: readonly RowProblem[] }[];
  /** The imported file's name: the CSV is saved as “<name>_问题.csv”. */
  fileName: string;
}

export function ProblemList({ problems, fileName }: ProblemListProps) {
  const { t } = useTranslation();
  const rows = problems.flatMap((p) => p.items.map((item) => ({ kind: p.kind, ...item })));
  if (!rows.length) return null;
  const save = () => {
    const csv = problemsCsv(rows.map((r) => ({ ...r, kind: t(`io.problemKinds.${r.kind}`) })));
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '')}_问题.csv`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <div className="problems" data-testid="import-problems">
      <div className="problems-head">
        <span className="warning" data-testid="import-problems-total">{t('io.problemsTotal', { count: rows.length })}</span>
        <button type="button" onClick={save} data-testid="import-problems-save">{t('io.problemsSave')}</button>
      </div>
      <div className="problems-scroll">
        <table className="problems-table">
          <thead>
            <tr><th>{t('io.row')}</th><th>{t('io.problemFeature')}</th><th>{t('io.problemReason')}</th></tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} data-testid="import-problem-row" className={`problem-${r.kind}`}>
                <td>{r.lastRow ? `${r.row}–${r.lastRow}` : r.row}</td>
                <td>{r.feature ?? ''}</td>
                <td>{r.kind === 'invalid' ? r.reason : `${t(`io.problemKinds.${r.kind}`)}：${r.reason}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
