// Every failed call ends up here and is shown; nothing is swallowed. Errors from opening a workspace get their own
// title because they are the ones planners can act on (wrong file, file in use, newer version…).
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ContractError } from '../../../shared/contract/contract.js';
import { toContractError } from '../api/envelope.js';

export type ErrorContextKind = 'open' | 'general';

export interface ReportedError {
  id: number;
  kind: ErrorContextKind;
  error: ContractError;
}

interface ErrorState {
  errors: ReportedError[];
  report: (e: unknown, kind?: ErrorContextKind) => void;
  dismiss: (id: number) => void;
}

const ErrorContext = createContext<ErrorState | null>(null);
let nextId = 1;

export function ErrorProvider({ children }: { children: ReactNode }) {
  const [errors, setErrors] = useState<ReportedError[]>([]);
  const report = useCallback((e: unknown, kind: ErrorContextKind = 'general') => {
    const error = toContractError(e);
    console.error(`[${error.code}] ${error.message}`, error.subject ?? '');
    setErrors((prev) => [...prev, { id: nextId++, kind, error }]);
  }, []);
  const dismiss = useCallback((id: number) => setErrors((prev) => prev.filter((e) => e.id !== id)), []);
  const value = useMemo(() => ({ errors, report, dismiss }), [errors, report, dismiss]);
  return <ErrorContext.Provider value={value}>{children}</ErrorContext.Provider>;
}

export function useErrors(): ErrorState {
  const state = useContext(ErrorContext);
  if (!state) throw new Error('useErrors outside ErrorProvider');
  return state;
}

export function useReportError() {
  return useErrors().report;
}
