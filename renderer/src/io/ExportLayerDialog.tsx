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
import { ActionFooter, PathField } from '../panels/DialogParts.js';
import { Modal } from '../panels/Modal.js';
import { useReportError } from '../state/errors.js';
import { defaultLayerExportPath } from './import-helpers.js';

const FORMATS: ExportFormat[] = ['shp', 'gpkg', 'geojson', 'kml'];

export interface ExportLayerDialogProps {
  info: WorkspaceInfo;
  layer: LayerInfo;
  /** Selected features of this layer (the map's whole selection), if any: offered as 所选 (n). */
  selectedFids: number[];
  onClose: () => void;
}

export function ExportLayerDialog({ info, layer, selectedFids, onClose }: ExportLayerDialogProps) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const report = useReportError();
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
      footer={<ActionFooter onClose={onClose} onAction={() => void submit()} label={t('checks.export')} busy={busy} disabled={!path.trim()} testId="export-layer-submit" />}
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
        <fieldset className="format-choice">
          <legend>{t('io.exportWhat')}</legend>
          <label className="radio">
            <input type="radio" name="layer-what" checked={!onlySelection} data-testid="export-layer-all"
              onChange={() => { follow(format, false); setOnlySelection(false); }} />
            {t('io.exportAll', { count: layer.featureCount })}
          </label>
          <label className="radio">
            <input type="radio" name="layer-what" checked={onlySelection} disabled={selectedFids.length === 0} data-testid="export-layer-selection"
              onChange={() => { follow(format, true); setOnlySelection(true); }} />
            {t('io.exportSelected', { count: selectedFids.length })}
          </label>
        </fieldset>
        <PathField value={path} onChange={(p) => { setPath(p); setDone(null); }} testId="export-layer-path" />
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
