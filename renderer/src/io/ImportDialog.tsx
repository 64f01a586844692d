// The import dialog: choose a file (path, native dialog, file input, or dropped on the window), see what main found
// (format, encoding — switchable, the preview re-decodes —, CRS detected or guessed, the proposed layer kind and
// field mapping, the first rows, invalid geometries), change what needs changing, then import with progress and
// cancel. The new layer appears on the map and is zoomed to.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportOptions, ImportPreview, ImportResult, TextEncoding } from '../../../shared/contract/io.js';
import type { LayerInfo } from '../../../shared/contract/schemas.js';
import { proposeFieldMap, type FieldMap } from '../../../shared/domain/field-mapping.js';
import { LAYER_KIND_IDS, LAYER_KINDS, type LayerKindId } from '../../../shared/domain/layer-kinds.js';
import { useClient } from '../api/ClientContext.js';
import { currentLanguage } from '../i18n/index.js';
import { Modal } from '../panels/Modal.js';
import { useAppInfo } from '../state/app-info.js';
import { useReportError } from '../state/errors.js';
import { looksGarbled, normaliseSrs, parseTowgs84, primaryPath } from './import-helpers.js';
import './io.css';

export interface ImportDialogProps {
  /** Files dropped on the window (already paths on the core's machine). */
  initialPath?: string | null;
  onClose: () => void;
  onImported: (layer: LayerInfo) => void;
}

/** What the user chose that changes how the file is read (a new preview is needed). */
interface ReadChoices { path: string; layer?: string; encoding?: TextEncoding; srs?: string; swapAxes?: boolean; towgs84?: number[] }

const ENCODINGS: TextEncoding[] = ['gbk', 'gb18030', 'utf8'];

export function ImportDialog({ initialPath, onClose, onImported }: ImportDialogProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const client = useClient();
  const report = useReportError();
  const appInfo = useAppInfo(client, report);
  const [pathText, setPathText] = useState(initialPath ?? '');
  const [read, setRead] = useState<ReadChoices | null>(initialPath ? { path: initialPath } : null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [uploading, setUploading] = useState<number | null>(null);
  const [kind, setKind] = useState<LayerKindId>('user');
  const [fieldMap, setFieldMap] = useState<FieldMap>({});
  const [name, setName] = useState('');
  const [keepExtra, setKeepExtra] = useState(true);
  const [repair, setRepair] = useState(false);
  const [confirmCrs, setConfirmCrs] = useState(false);
  const [srsText, setSrsText] = useState('');
  const [towgsText, setTowgsText] = useState('');
  const [job, setJob] = useState<{ id: string; fraction: number; message: string } | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  // A new preview whenever what is read changes; the last request wins.
  const seq = useRef(0);
  const lastKey = useRef<string | null>(null);
  useEffect(() => {
    if (!read) return;
    const mine = ++seq.current;
    setPreviewing(true);
    client.api['import.preview'](read).then((p) => {
      if (mine !== seq.current) return;
      // Keep the user's kind, mapping and name when only the encoding or CRS changed.
      const key = `${p.path}|${p.layer}`;
      if (lastKey.current !== key) {
        lastKey.current = key;
        setKind(p.kind);
        setFieldMap(p.fieldMap);
        setName(p.layer.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, ''));
        setConfirmCrs(false);
      }
      setPreview(p);
    }, (e: unknown) => {
      if (mine !== seq.current) return;
      setPreview(null);
      report(e);
    }).finally(() => { if (mine === seq.current) setPreviewing(false); });
  }, [client, read, report]);

  const jobId = job?.id;
  useEffect(() => {
    if (!jobId) return;
    return client.on('job.progress', (p) => {
      if (p.jobId === jobId) setJob((j) => (j && j.id === p.jobId ? { ...j, fraction: p.fraction, message: p.message } : j));
    });
  }, [client, jobId]);

  const choosePath = (path: string) => {
    setPathText(path);
    setPreview(null);
    setResult(null);
    setSrsText('');
    setTowgsText('');
    setRead({ path });
  };

  const browse = async () => {
    if (appInfo?.canPickFiles) {
      const picked = await client.api['workspace.pickPath']({ mode: 'open' }).catch(report);
      if (picked) choosePath(picked);
      return;
    }
    fileInput.current?.click();
  };

  const onFiles = async (files: FileList | null) => {
    if (!files?.length || !client.filePaths) return;
    setUploading(0);
    try {
      const paths = await client.filePaths([...files], (f) => setUploading(f));
      const primary = primaryPath(paths);
      if (primary) choosePath(primary);
    } catch (e) {
      report(e);
    } finally {
      setUploading(null);
    }
  };

  const changeRead = (patch: Partial<ReadChoices>) => setRead((r) => (r ? { ...r, ...patch } : r));
  const changeKind = (k: LayerKindId) => {
    setKind(k);
    if (preview) setFieldMap(proposeFieldMap(k, preview.fields));
  };

  const crs = preview?.crs;
  const needsConfirm = crs?.status === 'guessed' && !read?.srs;
  const blocked = !preview || previewing || crs?.status === 'unknown' || (crs?.status === 'legacy' && !read?.towgs84) || (needsConfirm && !confirmCrs) || preview.unsupported.length > 0;
  const garbled = useMemo(() => preview?.sample.reduce((n, r) => n + r.values.filter(looksGarbled).length, 0) ?? 0, [preview]);
  const extra = useMemo(() => {
    if (!preview || !keepExtra) return [];
    const used = new Set(Object.values(fieldMap).filter(Boolean));
    return preview.fields.filter((f) => !used.has(f.name)).map((f) => f.name);
  }, [preview, fieldMap, keepExtra]);

  const start = async () => {
    if (!preview || !read) return;
    const jobId = `import-${Date.now().toString(36)}`;
    const options: ImportOptions & { jobId: string } = {
      jobId, path: preview.path, layer: preview.layer, kind, fieldMap, keepUnmapped: keepExtra, repair, name: name.trim() || undefined,
      ...(preview.encoding ? { encoding: preview.encoding.encoding } : {}),
      ...(read.srs ? { srs: read.srs } : crs?.status === 'guessed' && crs.srid ? { srs: `EPSG:${crs.srid}` } : {}),
      swapAxes: crs?.axesSwapped ?? false,
      ...(read.towgs84 ? { towgs84: read.towgs84 } : {}),
    };
    setJob({ id: jobId, fraction: 0, message: '' });
    try {
      const r = await client.api['import.run'](options);
      setResult(r);
      onImported(r.layer);
    } catch (e) {
      report(e);
    } finally {
      setJob(null);
    }
  };

  const cancel = useCallback(() => {
    if (job) void client.api['jobs.cancel']({ jobId: job.id }).catch(report);
  }, [client, job, report]);

  const footer = result ? (
    <button type="button" className="primary" onClick={onClose} data-testid="import-close">{t('dialog.close')}</button>
  ) : job ? (
    <button type="button" onClick={cancel} data-testid="import-cancel">{t('io.cancel')}</button>
  ) : (
    <>
      <button type="button" onClick={onClose}>{t('dialog.cancel')}</button>
      <button type="button" className="primary" disabled={blocked} onClick={() => void start()} data-testid="import-start">{t('io.start')}</button>
    </>
  );

  return (
    <Modal title={t('io.importTitle')} onClose={job ? () => {} : onClose} testId="import-dialog" footer={footer}>
      <div className="form import-form">
        <label>
          <span>{t('io.file')}</span>
          <span className="input-with-button">
            <input value={pathText} placeholder={t('io.pathPlaceholder')} onChange={(e) => setPathText(e.target.value)}
              onKeyDown={(e) => { if (e.key === 'Enter' && pathText.trim()) choosePath(pathText.trim()); }} data-testid="import-path" />
            <button type="button" disabled={!pathText.trim()} onClick={() => choosePath(pathText.trim())} data-testid="import-preview">{t('io.preview')}</button>
            <button type="button" onClick={() => void browse()} data-testid="import-browse">{t('io.choose')}</button>
          </span>
          <input ref={fileInput} type="file" multiple hidden data-testid="import-file-input"
            accept=".shp,.shx,.dbf,.prj,.cpg,.zip,.gpkg,.geojson,.json,.kml,.kmz,.csv,.txt,.tsv"
            onChange={(e) => { void onFiles(e.target.files); e.target.value = ''; }} />
        </label>
        {uploading !== null && <progress value={uploading} max={1} aria-label={t('io.uploading')} />}
        {previewing && <p className="muted" data-testid="import-reading">{t('io.reading')}</p>}
        {preview && (
          <div className="import-preview" data-testid="import-preview-body">
            <p className="import-summary">
              <strong>{t(`io.formats.${preview.format}`)}</strong> · {t('io.features', { count: preview.featureCount })} · {t('io.geometryType')} {preview.geometryType}
            </p>
            {preview.layers.length > 1 && (
              <label>
                <span>{t('io.sourceLayer')}</span>
                <select value={preview.layer} onChange={(e) => changeRead({ layer: e.target.value })} data-testid="import-layer">
                  {preview.layers.map((l) => <option key={l} value={l}>{l}</option>)}
                </select>
              </label>
            )}
            {preview.encoding && (
              <label>
                <span>{t('io.encoding')}</span>
                <span className="inline-controls">
                  <select value={preview.encoding.encoding} onChange={(e) => changeRead({ encoding: e.target.value as TextEncoding })} data-testid="import-encoding">
                    {ENCODINGS.map((e) => <option key={e} value={e}>{t(`io.encodings.${e}`)}</option>)}
                  </select>
                  <span className="muted small">
                    {t(`io.encodingSource.${preview.encoding.source}`)}
                    {preview.encoding.detected && preview.encoding.detected !== preview.encoding.encoding ? ` · ${t('io.detectedAs', { encoding: t(`io.encodings.${preview.encoding.detected}`) })}` : ''}
                  </span>
                </span>
              </label>
            )}
            {garbled > 0 && <p className="warning" data-testid="import-mojibake">⚠ {t('io.mojibake', { count: garbled })}</p>}
            <fieldset className="crs-box" data-testid="import-crs">
              <legend>{t('io.crs')}</legend>
              <p>
                <span className={`crs-status crs-${crs!.status}`}>{t(`io.crsStatus.${crs!.status}`)}</span> {crs!.name}
                {crs!.status !== 'unknown' && crs!.status !== 'legacy' && <span className="muted small"> · {t(`io.transform.${crs!.transform}`)}</span>}
              </p>
              {crs!.reason && <p className="muted small">{crs!.reason}</p>}
              {crs!.alternatives.length > 0 && <p className="muted small">{t('io.alternatives', { list: crs!.alternatives.map((s) => `EPSG:${s}`).join(', ') })}</p>}
              {needsConfirm && (
                <label className="checkbox">
                  <input type="checkbox" checked={confirmCrs} onChange={(e) => setConfirmCrs(e.target.checked)} data-testid="import-confirm-crs" />
                  {t('io.confirmCrs', { name: crs!.name })}
                </label>
              )}
              <label className="inline">
                <span>{t('io.crsOverride')}</span>
                <input value={srsText} placeholder={t('io.crsOverrideHint')} onChange={(e) => setSrsText(e.target.value)}
                  onBlur={() => { const s = normaliseSrs(srsText); if ((s ?? undefined) !== read?.srs) changeRead({ srs: s ?? undefined }); }} data-testid="import-srs" />
              </label>
              <label className="checkbox">
                <input type="checkbox" checked={crs!.axesSwapped} onChange={(e) => changeRead({ swapAxes: e.target.checked })} data-testid="import-swap" />
                {t('io.swapAxes')}
              </label>
              {crs!.status === 'legacy' && (
                <label className="inline">
                  <span>{t('io.towgs84')}</span>
                  <input value={towgsText} placeholder={t('io.towgs84Hint')} onChange={(e) => setTowgsText(e.target.value)}
                    onBlur={() => changeRead({ towgs84: parseTowgs84(towgsText) ?? undefined })} data-testid="import-towgs84" />
                </label>
              )}
            </fieldset>
            <div className="inline-controls">
              <label>
                <span>{t('io.kind')}</span>
                <select value={kind} onChange={(e) => changeKind(e.target.value as LayerKindId)} data-testid="import-kind">
                  {LAYER_KIND_IDS.map((k) => <option key={k} value={k}>{lang === 'zh' ? LAYER_KINDS[k].zh : LAYER_KINDS[k].en}</option>)}
                </select>
                {preview.kindReason && kind === preview.kind && <span className="muted small">{t('io.kindGuess', { reason: preview.kindReason })}</span>}
              </label>
              <label>
                <span>{t('io.name')}</span>
                <input value={name} onChange={(e) => setName(e.target.value)} data-testid="import-name" />
              </label>
            </div>
            <details open className="mapping">
              <summary>{t('io.mapping')}</summary>
              <table className="mapping-table" data-testid="import-mapping">
                <thead><tr><th>{t('io.targetField')}</th><th>{t('io.sourceField')}</th></tr></thead>
                <tbody>
                  {LAYER_KINDS[kind].fields.map((f) => (
                    <tr key={f.name}>
                      <td>{f.name} <span className="muted small">{lang === 'zh' ? f.zh : f.en}</span>{f.required ? ' *' : ''}</td>
                      <td>
                        <select value={fieldMap[f.name] ?? ''} data-testid={`import-map-${f.name}`}
                          onChange={(e) => setFieldMap((m) => ({ ...m, [f.name]: e.target.value || null }))}>
                          <option value="">{t('io.none')}</option>
                          {preview.fields.map((s) => <option key={s.name} value={s.name}>{s.name}</option>)}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <label className="checkbox">
                <input type="checkbox" checked={keepExtra} onChange={(e) => setKeepExtra(e.target.checked)} />
                {t('io.keepExtra')}
              </label>
              {extra.length > 0 && <p className="muted small">{t('io.extraFields', { list: extra.join('、') })}</p>}
            </details>
            <div className="sample-wrap">
              <p className="small">{t('io.sample', { count: preview.sample.length })}</p>
              <table className="sample-table" data-testid="import-sample">
                <thead><tr><th>{t('io.row')}</th>{preview.fields.map((f) => <th key={f.name}>{f.name}</th>)}</tr></thead>
                <tbody>
                  {preview.sample.map((r) => (
                    <tr key={r.row}>
                      <td>{r.row}</td>
                      {r.values.map((v, i) => <td key={i} className={looksGarbled(v) ? 'garbled' : ''}>{v === null ? '' : String(v)}</td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div data-testid="import-invalid">
              {preview.invalid.length === 0 && preview.empty.length === 0
                ? <p className="muted small">✓ {t('io.invalidNone', { checked: preview.checkedRows })}</p>
                : (
                  <>
                    {preview.invalid.length > 0 && <p className="warning">{t('io.invalid', { checked: preview.checkedRows })}</p>}
                    {preview.empty.length > 0 && <p className="warning">{t('io.empty')}</p>}
                    <ul className="problem-list">
                      {[...preview.invalid, ...preview.empty].slice(0, 50).map((p) => <li key={`${p.row}-${p.reason}`}>{t('io.row')} {p.row}: {p.reason}</li>)}
                    </ul>
                  </>
                )}
              {/* Rows past those checked are validated during the import: the choice is offered for them too. */}
              {(preview.invalid.length > 0 || preview.empty.length > 0 || preview.featureCount > preview.checkedRows) && (
                <label className="checkbox">
                  <input type="checkbox" checked={repair} onChange={(e) => setRepair(e.target.checked)} data-testid="import-repair" />
                  {t('io.repair')}
                </label>
              )}
              {preview.unsupported.length > 0 && (
                <>
                  <p className="warning">{t('io.unsupported')}</p>
                  <ul className="problem-list">{preview.unsupported.slice(0, 20).map((p) => <li key={p.row}>{t('io.row')} {p.row}: {p.reason}</li>)}</ul>
                </>
              )}
            </div>
            {preview.warnings.length > 0 && (
              <ul className="warning-list" data-testid="import-warnings">
                {preview.warnings.map((w) => <li key={w}>{w}</li>)}
              </ul>
            )}
          </div>
        )}
        {job && (
          <div className="import-progress" data-testid="import-progress">
            <progress value={job.fraction} max={1} />
            <span className="small">{t('io.importing')} {Math.round(job.fraction * 100)}% {job.message}</span>
          </div>
        )}
        {result && (
          <div className="import-done" data-testid="import-done">
            <p>✓ {t('io.done', { count: result.imported, name: result.layer.name })}</p>
            {result.repaired.length > 0 && <p className="small">{t('io.repaired', { count: result.repaired.length })}: {result.repaired.map((r) => r.row).join(', ')}</p>}
            {result.dropped.length > 0 && <p className="small">{t('io.dropped', { count: result.dropped.length })}: {result.dropped.map((r) => r.row).join(', ')}</p>}
            {result.warnings.map((w) => <p key={w} className="warning small">{w}</p>)}
          </div>
        )}
      </div>
    </Modal>
  );
}
