// The attribute form of a layer kind (shared/domain/attribute-form.ts): fields in the national order, required ones
// marked and enforced before anything is sent, code pickers for DLBM (the 三调 table), CZCSXM, towns and villages
// (the workspace's admin layers), names filled from codes, area fields left to main's ellipsoidal area. Opens for a
// new feature, for a feature a split, merge or copy left with empty required fields, and for the selected features:
// with several, a field on which they differ shows 〈多个值 / mixed〉, and only the fields the user changes are
// written, to all of them, in one step.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUnitsResult } from '../../../../shared/contract/editing.js';
import { domainOptions, formFields, type FormField } from '../../../../shared/domain/attribute-form.js';
import { LAYER_KINDS } from '../../../../shared/domain/layer-kinds.js';
import { currentLanguage } from '../../i18n/index.js';
import { layerName } from '../../i18n/domain-labels.js';
import { Modal } from '../../panels/Modal.js';
import type { EditSession, FormRequest } from '../session.js';
import {
  attributesFromValues, changedFields, commonValues, formIssues, valuesFromAttributes, withDerivedNames, type FormValues,
} from './attribute-values.js';
import { useSessionValue } from './useSessionStore.js';
import './editing.css';

export function AttributeFormHost({ session }: { session: EditSession }) {
  const request = useSessionValue(session.formStore);
  if (!request) return null;
  return <AttributeForm key={request.id} session={session} request={request} />;
}

function AttributeForm({ session, request }: { session: EditSession; request: FormRequest }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const fields = useMemo(() => formFields(request.kind), [request.kind]);
  const [values, setValues] = useState<FormValues>(() => valuesFromAttributes(fields, {}));
  const [initial, setInitial] = useState<FormValues | null>(request.mode === 'create' ? valuesFromAttributes(fields, {}) : null);
  const [mixed, setMixed] = useState<ReadonlySet<string>>(new Set());
  const [admin, setAdmin] = useState<AdminUnitsResult | undefined>(undefined);
  const [issues, setIssues] = useState<ReturnType<typeof formIssues>>([]);
  const [saving, setSaving] = useState(false);
  const layer = session.editLayer?.id === request.layerId ? session.editLayer : null;
  const layerLabel = layer ? layerName(layer, lang) : lang === 'zh' ? LAYER_KINDS[request.kind].zh : LAYER_KINDS[request.kind].en;

  useEffect(() => {
    let cancelled = false;
    session.adminUnits().then((a) => !cancelled && setAdmin(a), () => undefined);
    if (request.mode === 'update' && request.fids.length) {
      loadAll(request.fids.map((fid) => () => session.featureAttributes({ layerId: request.layerId, fid }).then((d) => d.attributes))).then(
        (list) => {
          if (cancelled) return;
          const common = commonValues(fields, list);
          setValues(common.values);
          setMixed(common.mixed);
          setInitial(common.values);
        },
        () => !cancelled && setInitial(valuesFromAttributes(fields, {})),
      );
    }
    return () => {
      cancelled = true;
    };
  }, [session, request, fields]);

  const [tried, setTried] = useState(false);
  const check = (v: FormValues) => {
    const changed = request.mode === 'update' && initial ? changedFields(fields, initial, v) : undefined;
    const attrs = attributesFromValues(fields, v, changed);
    const found = formIssues(request.kind, request.mode === 'update' ? { ...attributesFromValues(fields, v), ...attrs } : attrs, {
      admin, partial: request.mode === 'update', mustFill: request.missing,
    });
    return { attrs, found };
  };
  // After a first attempt to save, the list of problems follows the typing.
  useEffect(() => {
    if (tried) setIssues(check(values).found);
  }, [values, tried]);

  const change = (name: string, value: string) => setValues((prev) => withDerivedNames(request.kind, fields, { ...prev, [name]: value }, name, admin));

  const save = async () => {
    setTried(true);
    const { attrs, found } = check(values);
    setIssues(found);
    if (found.length) return;
    setSaving(true);
    try {
      await request.submit(attrs);
    } finally {
      setSaving(false);
    }
  };

  const title = request.mode === 'create'
    ? t('editing.form.createTitle', { layer: layerLabel })
    : request.fids.length > 4
      ? t('editing.form.updateTitleMany', { layer: layerLabel, count: request.fids.length })
      : t('editing.form.updateTitle', { layer: layerLabel, fid: request.fids.join(', #') });
  const issueFields = new Set(issues.map((i) => i.field));
  return (
    <Modal
      title={title}
      onClose={() => request.cancel()}
      testId="attribute-form"
      footer={
        <>
          <button type="button" onClick={() => request.cancel()} data-testid="attribute-form-cancel">
            {t('editing.form.cancel')}
          </button>
          <button type="button" className="primary" disabled={saving || !initial} onClick={() => void save()} data-testid="attribute-form-save">
            {saving ? t('editing.form.saving') : t('editing.form.save')}
          </button>
        </>
      }
    >
      {request.missing.length > 0 && <p className="muted small">{t('editing.form.missing', { fields: request.missing.join(', ') })}</p>}
      {request.fids.length > 1 && <p className="muted small" data-testid="attribute-form-many">{t('editing.form.many', { count: request.fids.length })}</p>}
      {issues.length > 0 && (
        <div className="attr-issues" role="alert" data-testid="attribute-form-issues">
          {t('editing.form.fixIssues')}
          <ul>
            {issues.map((i) => (
              <li key={`${i.field}-${i.code}`}>{lang === 'zh' ? i.zh : i.en}</li>
            ))}
          </ul>
        </div>
      )}
      <form
        className="attr-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {fields.map((f) => (
          <FieldInput
            key={f.name} field={f} value={values[f.name] ?? ''} onChange={change} admin={admin} invalid={issueFields.has(f.name)}
            required={Boolean(f.required) || request.missing.includes(f.name)} mixed={mixed.has(f.name)}
          />
        ))}
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}

function FieldInput({ field, value, onChange, admin, invalid, required, mixed }: {
  field: FormField; value: string; onChange: (name: string, value: string) => void; admin?: AdminUnitsResult; invalid: boolean; required: boolean;
  /** The selected features differ here: shown as 〈多个值 / mixed〉 and left alone unless changed. */
  mixed: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const id = `attr-${field.name}`;
  const options = field.domain ? domainOptions(field.domain, admin) : null;
  // 城镇开发边界 and the red line carry the 行政区代码 without a code list of their own: suggest counties and towns.
  const suggestions = !options && field.name === 'XZQDM' && admin ? [...admin.counties, ...admin.towns] : null;
  const common = {
    id, 'data-testid': `attr-input-${field.name}`, 'aria-invalid': invalid || undefined, 'data-mixed': mixed || undefined,
    className: [invalid ? 'invalid' : '', mixed && value === '' ? 'mixed' : ''].filter(Boolean).join(' ') || undefined,
  };
  return (
    <div className="attr-row">
      <label htmlFor={id} title={field.name}>
        {lang === 'zh' ? field.zh : field.en}
        <span className="attr-code">{field.name}</span>
        {required && <span className="attr-required" title={t('editing.form.required')}>*</span>}
      </label>
      {options ? (
        <select {...common} value={value} onChange={(e) => onChange(field.name, e.target.value)}>
          <option value="">{mixed ? t('editing.form.mixed') : t('editing.form.choose')}</option>
          {options.map((o) => (
            <option key={o.code} value={o.code}>
              {o.code} {o.name}
            </option>
          ))}
        </select>
      ) : (
        <>
          <input
            {...common}
            type="text"
            inputMode={field.type === 'TEXT' ? undefined : 'decimal'}
            value={value}
            placeholder={mixed ? t('editing.form.mixed') : field.isArea ? t('editing.form.autoArea') : undefined}
            list={suggestions ? `${id}-list` : undefined}
            onChange={(e) => onChange(field.name, e.target.value)}
          />
          {suggestions && (
            <datalist id={`${id}-list`}>
              {suggestions.map((u) => (
                <option key={u.code} value={u.code}>
                  {u.name}
                </option>
              ))}
            </datalist>
          )}
        </>
      )}
    </div>
  );
}

/** Runs the loads a few at a time (a selection of hundreds must not open hundreds of requests at once). */
async function loadAll<T>(loads: (() => Promise<T>)[], parallel = 8): Promise<T[]> {
  const out: T[] = new Array(loads.length);
  let next = 0;
  const worker = async () => {
    while (next < loads.length) {
      const i = next++;
      out[i] = await loads[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, loads.length) }, worker));
  return out;
}
