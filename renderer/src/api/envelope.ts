// Both hosts answer with the same envelope; turning it into a value or a thrown ContractError happens in one place so
// the UI always gets an Error carrying code/message/subject, whatever the transport.
import { ContractError } from '../../../shared/contract/contract.js';

export type Envelope = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; subject?: string } };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function unwrapEnvelope(method: string, envelope: unknown): unknown {
  if (!isRecord(envelope) || typeof envelope.ok !== 'boolean') {
    throw new ContractError('BAD_RESPONSE', `${method}: the host answered without an {ok, …} envelope`);
  }
  if (envelope.ok) return envelope.result;
  const error = envelope.error;
  if (!isRecord(error)) throw new ContractError('INTERNAL', `${method}: the host reported an error without details`);
  const code = typeof error.code === 'string' ? error.code : 'INTERNAL';
  const message = typeof error.message === 'string' ? error.message : `${method} failed`;
  const subject = typeof error.subject === 'string' ? error.subject : undefined;
  throw new ContractError(code, message, subject);
}

/** Anything thrown (network failure, bug) as a ContractError so the error dialog can show a code. */
export function toContractError(e: unknown, fallbackCode = 'INTERNAL'): ContractError {
  if (e instanceof ContractError) return e;
  if (e instanceof Error) return new ContractError(fallbackCode, e.message);
  return new ContractError(fallbackCode, String(e));
}
