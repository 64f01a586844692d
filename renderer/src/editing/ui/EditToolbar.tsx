// The edit toolbar, floating over the map: the layer being edited, the tools, snapping (on/off, tolerance in pixels,
// layers, tracing), avoid-overlap with its protected layers, topological editing, the options of the active tool,
// attribute rules, undo / redo with what they would do, the history, and the last notice.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LayerInfo } from '../../../../shared/contract/schemas.js';
import { currentLanguage } from '../../i18n/index.js';
import { layerName } from '../../i18n/domain-labels.js';
import type { ToolName } from '../base.mode.js';
import { TOOL_GROUPS } from '../modes/index.js';
import type { EditSession } from '../session.js';
import { clampTolerance, editableLayers, toggleId } from '../settings.js';
import { HistoryPanel } from './HistoryPanel.js';
import { LayerChecklist } from './LayerChecklist.js';
import { useNoticeText } from './notice-text.js';
import { PolicyDialog } from './PolicyDialog.js';
import { useSessionValue } from './useSessionStore.js';
import './editing.css';

const TOOL_ICONS: Record<ToolName, string> = {
  select: '⬚', 'draw-polygon': '⬠', 'draw-rectangle': '▭', 'draw-freehand': '✎', 'draw-hole': '◎', 'add-part': '⊞',
  'vertex-edit': '◆', move: '✥', 'split-by-line': '✂', 'reshape-by-line': '〰', clip: '◧', 'fill-ring': '●', merge: '⊕',
  delete: '🗑', 'copy-paste': '⎘',
};

export function EditToolbar({ session, layers, lockedScheme = null }: {
  session: EditSession;
  layers: readonly LayerInfo[];
  /** The scheme in use is locked (approved, read-only): its name; editing is off and says why. */
  lockedScheme?: string | null;
}) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const settings = useSessionValue(session.settingsStore);
  const tool = useSessionValue(session.tool);
  const history = useSessionValue(session.historyStore);
  const busy = useSessionValue(session.busyStore);
  const [showHistory, setShowHistory] = useState(false);
  const [showPolicies, setShowPolicies] = useState(false);
  const editable = editableLayers(layers);
  const editLayer = layers.find((l) => l.id === settings.layerId) ?? null;
  const selection = useSessionValue(session.selectionStore);
  const selected = selection.filter((r) => r.layerId === settings.layerId);

  if (lockedScheme !== null) {
    return (
      <div className="edit-toolbar collapsed locked" data-testid="edit-toolbar">
        <select value="" disabled aria-label={t('editing.layer')} title={t('editing.lockedHint', { name: lockedScheme })} data-testid="edit-start">
          <option value="">{t('editing.locked')}</option>
        </select>
        <span className="edit-locked small" data-testid="edit-locked" title={t('editing.lockedHint', { name: lockedScheme })}>
          {t('editing.lockedHint', { name: lockedScheme })}
        </span>
      </div>
    );
  }

  if (settings.layerId === null || !editLayer) {
    return (
      <div className="edit-toolbar collapsed" data-testid="edit-toolbar">
        <select
          value=""
          aria-label={t('editing.layer')}
          title={t('editing.startHint')}
          onChange={(e) => e.target.value && session.setEditLayer(Number(e.target.value))}
          data-testid="edit-start"
        >
          <option value="">✎ {t('editing.start')}…</option>
          {editable.map((l) => (
            <option key={l.id} value={l.id}>{layerName(l, lang)}</option>
          ))}
        </select>
      </div>
    );
  }

  const nextUndo = history?.nextUndo?.summary[lang];
  const nextRedo = history?.nextRedo?.summary[lang];
  return (
    <div className="edit-toolbar" data-testid="edit-toolbar" aria-busy={busy}>
      <div className="edit-row">
        <label className="edit-layer">
          <span className="muted small">{t('editing.layer')}</span>
          <select
            value={editLayer.id}
            onChange={(e) => {
              session.setEditLayer(Number(e.target.value));
              // Give the keyboard back to the map (shortcuts are ignored while a field has focus).
              e.target.blur();
            }}
            data-testid="edit-layer"
          >
            {editable.map((l) => (
              <option key={l.id} value={l.id}>{layerName(l, lang)}</option>
            ))}
          </select>
        </label>
        {TOOL_GROUPS.map((group, gi) => (
          <span className="edit-group" key={gi}>
            {group.map((name) => (
              <button
                key={name}
                type="button"
                className={`edit-tool${tool === name ? ' active' : ''}`}
                aria-pressed={tool === name}
                title={t(`editing.toolHints.${name}`)}
                onClick={() => session.setTool(name)}
                data-testid={`tool-${name}`}
              >
                <span className="edit-tool-icon" aria-hidden>{TOOL_ICONS[name]}</span>
                {t(`editing.tools.${name}`)}
              </button>
            ))}
          </span>
        ))}
        <span className="edit-group">
          <button
            type="button"
            disabled={busy || !selected.length}
            title={t('editing.attributesHint')}
            onClick={() => session.editAttributes(selected)}
            data-testid="edit-attributes"
          >
            {t('editing.attributes')}
          </button>
        </span>
        <span className="edit-group">
          <button type="button" disabled={busy || !history?.canUndo} title={t('editing.undoHint', { what: nextUndo ?? t('editing.nothing') })} onClick={() => void session.undo()} data-testid="edit-undo">
            ↶ {t('editing.undo')}
          </button>
          <button type="button" disabled={busy || !history?.canRedo} title={t('editing.redoHint', { what: nextRedo ?? t('editing.nothing') })} onClick={() => void session.redo()} data-testid="edit-redo">
            ↷ {t('editing.redo')}
          </button>
          <button type="button" aria-pressed={showHistory} className={showHistory ? 'active' : ''} onClick={() => setShowHistory((s) => !s)} data-testid="edit-history-button">
            {t('editing.history.button')}
          </button>
        </span>
        <button type="button" className="edit-stop" onClick={() => session.setEditLayer(null)} data-testid="edit-stop">
          {t('editing.stop')}
        </button>
      </div>
      <div className="edit-row settings">
        <label className="edit-check" title={t('editing.snap.toggleHint')}>
          <input type="checkbox" checked={settings.snap.enabled} onChange={() => session.updateSettings((s) => ({ ...s, snap: { ...s.snap, enabled: !s.snap.enabled } }))} data-testid="snap-toggle" />
          {t('editing.snap.label')}
        </label>
        <ToleranceInput value={settings.snap.tolerancePx} onChange={(px) => session.updateSettings((s) => ({ ...s, snap: { ...s.snap, tolerancePx: px } }))} />
        <LayerChecklist
          label={t('editing.snap.layers')}
          title={t('editing.snap.layers')}
          layers={layers}
          checked={settings.snap.layerIds}
          onToggle={(id) => session.updateSettings((s) => ({ ...s, snap: { ...s.snap, layerIds: toggleId(s.snap.layerIds, id) } }))}
          testId="snap-layers"
        />
        {(['vertex', 'intersection', 'edge'] as const).map((k) => (
          <label className="edit-check small" key={k}>
            <input
              type="checkbox"
              checked={settings.snap.kinds.includes(k)}
              onChange={() => session.updateSettings((s) => {
                const kinds = s.snap.kinds.includes(k) ? s.snap.kinds.filter((x) => x !== k) : [...s.snap.kinds, k];
                return { ...s, snap: { ...s.snap, kinds: kinds.length ? kinds : s.snap.kinds } };
              })}
              data-testid={`snap-kind-${k}`}
            />
            {t(`editing.snap.kinds.${k}`)}
          </label>
        ))}
        <label className="edit-check" title={t('editing.snap.tracingHint')}>
          <input type="checkbox" checked={settings.tracing} onChange={() => session.updateSettings((s) => ({ ...s, tracing: !s.tracing }))} data-testid="trace-toggle" />
          {t('editing.snap.tracing')}
        </label>
        <span className="edit-sep" />
        <LayerChecklist
          label={`${t('editing.avoid.label')}: ${settings.avoidOverlapLayerIds.length ? t('editing.avoid.count', { count: settings.avoidOverlapLayerIds.length }) : t('editing.avoid.none')}`}
          title={t('editing.avoid.hint')}
          layers={layers}
          checked={settings.avoidOverlapLayerIds}
          onToggle={(id) => session.updateSettings((s) => ({ ...s, avoidOverlapLayerIds: toggleId(s.avoidOverlapLayerIds, id) }))}
          testId="avoid"
        />
        <label className="edit-check" title={t('editing.topo.hint')}>
          <input
            type="checkbox"
            checked={settings.topological.enabled}
            onChange={() => session.updateSettings((s) => ({ ...s, topological: { ...s.topological, enabled: !s.topological.enabled } }))}
            data-testid="topo-toggle"
          />
          {t('editing.topo.label')}
        </label>
        {settings.topological.enabled && (
          <LayerChecklist
            label={t('editing.topo.layers')}
            title={t('editing.topo.hint')}
            layers={layers}
            checked={settings.topological.layerIds}
            onToggle={(id) => session.updateSettings((s) => ({ ...s, topological: { ...s.topological, layerIds: toggleId(s.topological.layerIds, id) } }))}
            testId="topo-layers"
          />
        )}
        {tool === 'clip' && (
          <>
            <span className="edit-sep" />
            <select value={settings.clipMode} onChange={(e) => session.updateSettings((s) => ({ ...s, clipMode: e.target.value as typeof s.clipMode }))} data-testid="clip-mode">
              <option value="keepInside">{t('editing.clip.keepInside')}</option>
              <option value="removeInside">{t('editing.clip.removeInside')}</option>
            </select>
            <select value={settings.clipSource} onChange={(e) => session.updateSettings((s) => ({ ...s, clipSource: e.target.value as typeof s.clipSource }))} data-testid="clip-source">
              <option value="draw">{t('editing.clip.byDraw')}</option>
              <option value="feature">{t('editing.clip.byFeature')}</option>
            </select>
          </>
        )}
        {tool === 'draw-rectangle' && (
          <select value={settings.rectangleMode} onChange={(e) => session.updateSettings((s) => ({ ...s, rectangleMode: e.target.value as typeof s.rectangleMode }))} data-testid="rectangle-mode">
            <option value="extent">{t('editing.rectangle.extent')}</option>
            <option value="threePoints">{t('editing.rectangle.threePoints')}</option>
          </select>
        )}
        {tool === 'fill-ring' && (
          <select value={settings.fillRingMode} onChange={(e) => session.updateSettings((s) => ({ ...s, fillRingMode: e.target.value as typeof s.fillRingMode }))} data-testid="fill-ring-mode">
            <option value="remove">{t('editing.fillRing.remove')}</option>
            <option value="newFeature">{t('editing.fillRing.newFeature')}</option>
          </select>
        )}
        <span className="edit-sep" />
        <button type="button" className="edit-chip" onClick={() => setShowPolicies(true)} data-testid="policies-button">
          {t('editing.policies.button')}
        </button>
      </div>
      <Notice session={session} />
      {showHistory && <HistoryPanel session={session} onClose={() => setShowHistory(false)} />}
      {showPolicies && <PolicyDialog session={session} kind={editLayer.kind} onClose={() => setShowPolicies(false)} />}
    </div>
  );
}

function ToleranceInput({ value, onChange }: { value: number; onChange: (px: number) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  return (
    <label className="edit-check small">
      {t('editing.snap.tolerance')}
      <input
        type="number"
        min={1}
        max={50}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const n = Number(e.target.value);
          if (e.target.value !== '' && Number.isFinite(n)) onChange(clampTolerance(n));
        }}
        onBlur={() => setText(String(value))}
        className="edit-number"
        data-testid="snap-tolerance"
      />
      {t('editing.snap.px')}
    </label>
  );
}

function Notice({ session }: { session: EditSession }) {
  const notice = useSessionValue(session.noticeStore);
  const text = useNoticeText(notice);
  const [shown, setShown] = useState<number | null>(null);
  useEffect(() => {
    if (!notice) return;
    setShown(notice.id);
    const timer = setTimeout(() => setShown((id) => (id === notice.id ? null : id)), notice.tone === 'error' ? 12_000 : 6_000);
    return () => clearTimeout(timer);
  }, [notice]);
  if (!notice || shown !== notice.id) return null;
  return (
    <div className={`edit-notice ${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="edit-notice" data-tone={notice.tone}>
      {text}
    </div>
  );
}
