import { useTranslation } from 'react-i18next';
import { useErrors } from '../state/errors.js';
import { Modal } from './Modal.js';

/** Shows reported errors one at a time: what it means for the user first, then the host's own message and code. */
export function ErrorDialog() {
  const { t, i18n } = useTranslation();
  const { errors, dismiss } = useErrors();
  const current = errors[0];
  if (!current) return null;
  const { error, kind } = current;
  const explanationKey = `error.codes.${error.code}`;
  const explanation = i18n.exists(explanationKey) ? t(explanationKey) : null;
  const close = () => dismiss(current.id);
  return (
    <Modal
      title={kind === 'open' ? t('error.openTitle') : t('error.title')}
      onClose={close}
      tone="error"
      testId="error-dialog"
      footer={
        <button type="button" className="primary" onClick={close} autoFocus>
          {t('dialog.ok')}
        </button>
      }
    >
      {explanation && <p className="error-explanation">{explanation}</p>}
      <p className="error-message" data-testid="error-message">
        {error.message}
      </p>
      <dl className="error-meta">
        <dt>{t('error.code')}</dt>
        <dd data-testid="error-code">{error.code}</dd>
        {error.subject && (
          <>
            <dt>{t('error.subject')}</dt>
            <dd>{error.subject}</dd>
          </>
        )}
      </dl>
      {errors.length > 1 && <p className="muted small">+{errors.length - 1}</p>}
    </Modal>
  );
}
