// A button opening a small list of layers with checkboxes: which layers to snap to, to avoid, to edit topologically.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LayerInfo } from '../../../../shared/contract/schemas.js';
import { currentLanguage } from '../../i18n/index.js';
import { layerName } from '../../i18n/domain-labels.js';

export interface LayerChecklistProps {
  label: string;
  title: string;
  layers: readonly LayerInfo[];
  checked: readonly number[];
  onToggle: (layerId: number) => void;
  testId: string;
  disabled?: boolean;
}

export function LayerChecklist({ label, title, layers, checked, onToggle, testId, disabled }: LayerChecklistProps) {
  const { i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <span className="edit-popover-anchor" ref={ref}>
      <button type="button" className="edit-chip" title={title} aria-expanded={open} disabled={disabled} onClick={() => setOpen((o) => !o)} data-testid={testId}>
        {label} ▾
      </button>
      {open && (
        <div className="edit-popover" role="group" aria-label={title} data-testid={`${testId}-list`}>
          <div className="edit-popover-title">{title}</div>
          {layers.map((l) => (
            <label key={l.id} className="edit-check">
              <input type="checkbox" checked={checked.includes(l.id)} onChange={() => onToggle(l.id)} data-testid={`${testId}-${l.table}`} />
              {layerName(l, lang)}
            </label>
          ))}
        </div>
      )}
    </span>
  );
}
