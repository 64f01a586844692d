// The one contract between renderer and main. Every host (Electron IPC, browser-mode HTTP/WebSocket, CLI direct
// calls) serves exactly these methods, validating inputs on the way in and outputs on the way out.
import { z } from 'zod';
import {
  AppInfo, FeatureDetail, JobProgress, LayerGeometry, LayerInfo, LayerStyleSchema, RecentWorkspace, WorkspaceInfo,
} from './schemas.js';

const none = z.object({}).strict();
const path = z.string().min(1, 'path is empty');

export const methods = {
  'app.info': { input: none, output: AppInfo },
  'workspace.current': { input: none, output: WorkspaceInfo.nullable() },
  'workspace.open': { input: z.object({ path }), output: WorkspaceInfo },
  'workspace.create': {
    input: z.object({ path, name: z.string().min(1), srid: z.number().int() }),
    output: WorkspaceInfo,
  },
  'workspace.openSample': { input: none, output: WorkspaceInfo },
  'workspace.close': { input: none, output: z.object({ closed: z.boolean() }) },
  'workspace.recent': { input: none, output: z.array(RecentWorkspace) },
  /** Native file dialog where the host has one (Electron); null when the user cancels or the host has none. */
  'workspace.pickPath': { input: z.object({ mode: z.enum(['open', 'save']) }), output: z.string().nullable() },
  'layers.update': {
    input: z.object({
      layerId: z.number().int(),
      visible: z.boolean().optional(),
      opacity: z.number().min(0).max(1).optional(),
      style: LayerStyleSchema.optional(),
    }),
    output: LayerInfo,
  },
  /** Move a layer in the drawing order: sortOrder values of all layers, top first. */
  'layers.reorder': { input: z.object({ layerIds: z.array(z.number().int()) }), output: z.array(LayerInfo) },
  'layers.geometry': { input: z.object({ layerId: z.number().int() }), output: LayerGeometry },
  'features.get': { input: z.object({ layerId: z.number().int(), fid: z.number().int() }), output: FeatureDetail },
  'jobs.cancel': { input: z.object({ jobId: z.string() }), output: z.object({ cancelled: z.boolean() }) },
} as const;

export const events = {
  'job.progress': JobProgress,
  'workspace.changed': WorkspaceInfo.nullable(),
} as const;

export type MethodName = keyof typeof methods;
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<(typeof methods)[M]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** What main implements and what the renderer calls: one async function per method. */
export type WorkbenchApi = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };
export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;

export class ContractError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly subject?: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

function describe(issues: z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

export function parseInput<M extends MethodName>(method: M, input: unknown): MethodInput<M> {
  const r = methods[method].input.safeParse(input ?? {});
  if (!r.success) throw new ContractError('BAD_REQUEST', `${method}: invalid request: ${describe(r.error.issues)}`);
  return r.data as MethodInput<M>;
}

export function parseOutput<M extends MethodName>(method: M, output: unknown): MethodOutput<M> {
  const r = methods[method].output.safeParse(output);
  if (!r.success) throw new ContractError('BAD_RESPONSE', `${method}: invalid response: ${describe(r.error.issues)}`);
  return r.data as MethodOutput<M>;
}

export function parseEvent<E extends EventName>(event: E, payload: unknown): EventPayload<E> {
  const r = events[event].safeParse(payload);
  if (!r.success) throw new ContractError('BAD_EVENT', `${event}: invalid event: ${describe(r.error.issues)}`);
  return r.data as EventPayload<E>;
}
