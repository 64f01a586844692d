// Indicator targets (规划指标) the user enters for the statistics summary, kept in the workspace's sx_meta so they
// travel with the file. Stored as JSON under one key; unknown or malformed content reads as "no targets".
import { Targets } from '../../../shared/contract/schemas.js';
import type { Workspace } from '../workspace/workspace.js';

const KEY = 'targets';
export const NO_TARGETS: Targets = { cultivatedMinHa: null, farmlandTaskHa: null, ecoRedlineMinHa: null, urbanBoundaryMaxHa: null, intensityMax: null };

export function readTargets(ws: Workspace): Targets {
  const raw = ws.meta(KEY);
  if (!raw) return NO_TARGETS;
  try {
    const parsed = Targets.safeParse({ ...NO_TARGETS, ...JSON.parse(raw) });
    return parsed.success ? parsed.data : NO_TARGETS;
  } catch {
    return NO_TARGETS;
  }
}

export function writeTargets(ws: Workspace, targets: Targets): Targets {
  ws.transaction(() => {
    ws.setMeta(KEY, JSON.stringify(targets));
    ws.log(null, 'targets.set', targets);
  });
  return readTargets(ws);
}
