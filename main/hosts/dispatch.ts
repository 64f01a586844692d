// The one generic server-side step every host shares: validate the request, call the core, validate the answer,
// and turn any failure into a {code, message} the renderer can show.
import { isMethodName, methods, parseInput, parseOutput, type MethodName, type WorkbenchApi } from '../../shared/contract/contract.js';
import type { ErrorPayload } from '../../shared/contract/schemas.js';
import { toErrorPayload } from '../core/errors.js';

export type Reply = { ok: true; result: unknown } | { ok: false; error: ErrorPayload };

export async function dispatch(api: WorkbenchApi, method: string, input: unknown): Promise<Reply> {
  try {
    if (!isMethodName(method)) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown method ${method}` } };
    const parsed = parseInput(method, input);
    const fn = api[method] as (i: unknown) => Promise<unknown>;
    const result = await fn(parsed);
    return { ok: true, result: parseOutput(method, result) };
  } catch (e) {
    return { ok: false, error: toErrorPayload(e) };
  }
}

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
