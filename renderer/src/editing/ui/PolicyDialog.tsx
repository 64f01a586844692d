// Attribute rules for split and merge, per field of the edited layer's kind (defaults from shared/domain: area
// fields proportional / summed, identifiers to the largest piece, codes copied / from the largest). What the user
// picks is sent with every split and merge of that kind in this session.
import { useTranslation } from 'react-i18next';
import { MERGE_POLICIES, SPLIT_POLICIES, type FieldPolicy } from '../../../../shared/domain/attribute-policies.js';
import { formFields } from '../../../../shared/domain/attribute-form.js';
import type { LayerKindId } from '../../../../shared/domain/layer-kinds.js';
import { currentLanguage } from '../../i18n/index.js';
import { Modal } from '../../panels/Modal.js';
import type { EditSession } from '../session.js';
import { useSessionValue } from './useSessionStore.js';

export function PolicyDialog({ session, kind, onClose }: { session: EditSession; kind: LayerKindId; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const settings = useSessionValue(session.settingsStore);
  const chosen = settings.policies[kind] ?? {};
  const fields = formFields(kind);
  const set = (field: string, patch: Partial<FieldPolicy>) =>
    session.updateSettings((s) => ({ ...s, policies: { ...s.policies, [kind]: { ...s.policies[kind], [field]: { ...s.policies[kind]?.[field], ...patch } } } }));
  return (
    <Modal
      title={t('editing.policies.title')}
      onClose={onClose}
      testId="policy-dialog"
      footer={
        <>
          <button type="button" onClick={() => session.updateSettings((s) => ({ ...s, policies: { ...s.policies, [kind]: {} } }))}>
            {t('editing.policies.reset')}
          </button>
          <button type="button" className="primary" onClick={onClose}>
            {t('dialog.ok')}
          </button>
        </>
      }
    >
      <p className="muted small">{t('editing.policies.note')}</p>
      <table className="policy-table">
        <thead>
          <tr>
            <th>{t('editing.policies.field')}</th>
            <th>{t('editing.policies.split')}</th>
            <th>{t('editing.policies.merge')}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f.name}>
              <td>
                {lang === 'zh' ? f.zh : f.en} <span className="attr-code">{f.name}</span>
              </td>
              <td>
                <select value={chosen[f.name]?.split ?? f.policy.split} onChange={(e) => set(f.name, { split: e.target.value as FieldPolicy['split'] })} data-testid={`policy-split-${f.name}`}>
                  {SPLIT_POLICIES.map((p) => (
                    <option key={p} value={p}>{t(`editing.policies.splitNames.${p}`)}</option>
                  ))}
                </select>
              </td>
              <td>
                <select value={chosen[f.name]?.merge ?? f.policy.merge} onChange={(e) => set(f.name, { merge: e.target.value as FieldPolicy['merge'] })} data-testid={`policy-merge-${f.name}`}>
                  {MERGE_POLICIES.map((p) => (
                    <option key={p} value={p}>{t(`editing.policies.mergeNames.${p}`)}</option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
