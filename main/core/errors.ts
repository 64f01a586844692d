import { ContractError } from '../../shared/contract/contract.js';

/** Error codes the UI and CLI know how to explain. */
export type WorkbenchErrorCode =
  | 'NOT_FOUND'
  | 'NOT_A_WORKSPACE'
  | 'CORRUPT'
  | 'NEWER_VERSION'
  | 'LOCKED'
  | 'ALREADY_EXISTS'
  | 'SPATIALITE_MISSING'
  | 'NO_WORKSPACE'
  | 'UNKNOWN_LAYER'
  | 'UNKNOWN_FEATURE'
  | 'BAD_REQUEST'
  | 'UNSUPPORTED_CRS'
  | 'CANCELLED'
  // import / export (docs/import-export.md)
  | 'BAD_FILE'
  | 'ENCODING'
  | 'CRS_UNCONFIRMED'
  | 'UNSUPPORTED_GEOMETRY'
  | 'BAD_VALUE'
  // editing (docs/editing.md)
  | 'INVALID_GEOMETRY'
  | 'EMPTY_RESULT'
  | 'INVALID_ATTRIBUTES'
  | 'NO_EFFECT'
  | 'NOT_ADJACENT'
  | 'OVERLAP'
  | 'EDIT_CONFLICT'
  | 'NOTHING_TO_UNDO'
  | 'NOTHING_TO_REDO'
  | 'NO_PATH'
  // schemes (docs/schemes.md)
  | 'UNKNOWN_SCHEME'
  | 'SCHEME_LOCKED'
  | 'MERGE_CONFLICT'
  | 'INTERNAL';

export class WorkbenchError extends ContractError {
  constructor(code: WorkbenchErrorCode, message: string, subject?: string) {
    super(code, message, subject);
    this.name = 'WorkbenchError';
  }
}

export function toErrorPayload(e: unknown): { code: string; message: string; subject?: string } {
  if (e instanceof ContractError) return { code: e.code, message: e.message, ...(e.subject ? { subject: e.subject } : {}) };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message };
}
