// Export a layer, or the features selected in it, as Shapefile (GBK or UTF-8, .prj and .cpg written), GeoPackage,
// GeoJSON (CRS84) or KML. The files are written by main (in browser mode: on this machine), next to the workspace
// unless the user says otherwise.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFormat, ExportResult } from '../../../shared/contract/io.js';
import type { LayerInfo, WorkspaceInfo } from '../../../shared/contract/schemas.js';
import { useClient } from '../api/ClientContext.js';
import { currentLanguage } from '../i18n/index.js';
import { layerName } from '../i18n/domain-labels.js';
import { Modal } from '../panels/Modal.js';
import { useAppInfo } from '../state/app-info.js';
import { useReportError } from '../state/errors.js';
import { defaultLayerExportPath } from './import-helpers.js';

const FORMATS: ExportFormat[] = ['shp', 'gpkg', 'geojson', 'kml'];

export interface ExportLayerDialogProps {
  info: WorkspaceInfo;
  layer: LayerInfo;
  /** Selected features of this layer, if any: offered as "only the selection". */
  selectedFids: number[];
  onClose: () => void;
}

export function ExportLayerDialog({ info, layer, selectedFids, onClose }: ExportLayerDialogProps) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const report = useReportError();
  const appInfo = useAppInfo(client, report);
  const [format, setFormat] = useState<ExportFormat>('shp');
  const [encoding, setEncoding] = useState<'gbk' | 'utf8'>('gbk');
  const [onlySelection, setOnlySelection] = useState(false);
  const suggested = (f: ExportFormat, sel: boolean) => defaultLayerExportPath(info.path, layer.table, f, sel);
  const [path, setPath] = useState(suggested('shp', false));
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ExportResult | null>(null);

  const follow = (f: ExportFormat, sel: boolean) => {
    // The path follows the choices only while it is still the suggested one.
    if (path === suggested(format, onlySelection)) setPath(suggested(f, sel));
    setDone(null);
  };

  const submit = async () => {
    setBusy(true);
    try {
      setDone(await client.api['export.layer']({
        layerId: layer.id, format, path: path.trim(), ...(format === 'shp' ? { encoding } : {}),
        ...(onlySelection && selectedFids.length ? { fids: selectedFids } : {}),
      }));
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('io.exportTitle', { name: layerName(layer, currentLanguage(i18n.language)) })}
      onClose={onClose}
      testId="export-layer-dialog"
      footer={
        <>
          <button type="button" onClick={onClose}>{t('dialog.close')}</button>
          <button type="button" className="primary" disabled={busy || !path.trim()} onClick={() => void submit()} data-testid="export-layer-submit">
            {busy ? t('dialog.busy') : t('checks.export')}
          </button>
        </>
      }
    >
      <form className="form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <fieldset className="format-choice">
          <legend>{t('io.exportFormat')}</legend>
          {FORMATS.map((f) => (
            <label key={f} className="radio">
              <input type="radio" name="layer-format" checked={format === f} data-testid={`export-layer-format-${f}`}
                onChange={() => { follow(f, onlySelection); setFormat(f); }} />
              {t(`io.exportFormats.${f}`)}
            </label>
          ))}
        </fieldset>
        {format === 'shp' && (
          <fieldset className="format-choice">
            <legend>{t('io.exportEncoding')}</legend>
            {(['gbk', 'utf8'] as const).map((e) => (
              <label key={e} className="radio">
                <input type="radio" name="layer-encoding" checked={encoding === e} onChange={() => setEncoding(e)} data-testid={`export-layer-encoding-${e}`} />
                {t(`io.exportEncodings.${e}`)}
              </label>
            ))}
          </fieldset>
        )}
        {selectedFids.length > 0 && (
          <label className="checkbox">
            <input type="checkbox" checked={onlySelection} data-testid="export-layer-selection"
              onChange={(e) => { follow(format, e.target.checked); setOnlySelection(e.target.checked); }} />
            {t('io.selectionOnly', { count: selectedFids.length })}
          </label>
        )}
        <label>
          <span>{t('dialog.path')}</span>
          <span className="input-with-button">
            <input value={path} onChange={(e) => { setPath(e.target.value); setDone(null); }} data-testid="export-layer-path" />
            {appInfo?.canPickFiles && (
              <button type="button" onClick={() => void client.api['workspace.pickPath']({ mode: 'save' }).then((p) => p && setPath(p), report)}>
                {t('dialog.browse')}
              </button>
            )}
          </span>
        </label>
        {done && (
          <div className="export-done" data-testid="export-layer-done">
            <p>✓ {t('io.exportDone', { count: done.count, files: done.files.map((f) => f.replace(/^.*[\\/]/, '')).join('、') })}</p>
            {Object.keys(done.renamed).length > 0 && (
              <p className="small muted">{t('io.renamed', { list: Object.entries(done.renamed).map(([a, b]) => `${a} → ${b}`).join('，') })}</p>
            )}
          </div>
        )}
      </form>
    </Modal>
  );
}
