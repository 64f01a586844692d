// The consolidation service: which layers a project check reads (resolved through the workspace, so the active
// scheme's tables are followed), the project list, and the check itself (indicators in a worker, rules in main).
import type { ProjectCheckResult, ProjectList } from '../../../shared/contract/consolidation.js';
import type { LayerKindId } from '../../../shared/domain/layer-kinds.js';
import { openDatabase } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { computeProject, listProjects, projectCodes, type Hooks, type ProjectIndicators, type ProjectLayers } from './indicators.js';
import { buildReport, checkResult } from './report.js';
import { readRules } from './rules.js';

export function projectLayers(ws: Workspace): ProjectLayers | null {
  const first = (kind: LayerKindId) => {
    const l = ws.layersOfKind(kind)[0];
    return l ? { id: l.id, table: l.table } : null;
  };
  const project = first('project_area');
  if (!project) return null;
  return {
    project, subzone: first('project_subzone'), landuse: first('landuse'), pbf: first('permanent_farmland'),
    eco: first('eco_redline'), urban: first('urban_boundary'),
  };
}

export function requireProjectLayers(ws: Workspace): ProjectLayers {
  const layers = projectLayers(ws);
  if (!layers) {
    throw new WorkbenchError('UNKNOWN_LAYER', '工作空间没有全域土地综合整治项目区图层（zz_xmq）/ the workspace has no land-consolidation project-area layer');
  }
  return layers;
}

export function projectList(ws: Workspace): ProjectList {
  const layers = projectLayers(ws);
  if (!layers) return { projectLayerId: null, subzoneLayerId: null, projects: [], orphanSubzones: [] };
  const { projects, orphanSubzones } = listProjects(ws.db, ws.srid, layers);
  return {
    projectLayerId: layers.project.id, subzoneLayerId: layers.subzone?.id ?? null, orphanSubzones,
    projects: projects.map((p) => ({ ...p, layerId: layers.project.id })),
  };
}

export interface ProjectCheckParams {
  path: string;
  srid: number;
  layers: ProjectLayers;
  codes?: string[];
}

/** The worker's half: indicators of the projects asked for (all when none), on the worker's own connection. */
export function computeProjects(params: ProjectCheckParams, hooks: Hooks = {}): ProjectIndicators[] {
  const db = openDatabase(params.path, { readonly: true, fileMustExist: true });
  try {
    const all = projectCodes(db, params.layers);
    const codes = params.codes ?? all;
    for (const c of codes) if (!all.includes(c)) throw new WorkbenchError('NOT_FOUND', `没有项目 ${c} / no project "${c}"`, c);
    return codes.map((code, i) => computeProject(db, params.srid, params.layers, code, {
      isCancelled: hooks.isCancelled,
      onProgress: (f, m) => hooks.onProgress?.((i + f) / codes.length, m),
    }));
  } finally {
    db.close();
  }
}

/** Rules in main (cheap), indicators from wherever they were computed. */
export function reportsOf(ws: Workspace, layers: ProjectLayers, indicators: ProjectIndicators[]): ProjectCheckResult {
  const rules = readRules(ws.db);
  return checkResult(indicators.map((ind) => buildReport(ind, rules, layers.subzone?.id ?? null, layers.project.id)));
}

/** In this thread (CLI without workers, tests). */
export function checkProjectsHere(ws: Workspace, codes?: string[], hooks: Hooks = {}): ProjectCheckResult {
  const layers = requireProjectLayers(ws);
  const all = projectCodes(ws.db, layers);
  for (const c of codes ?? []) if (!all.includes(c)) throw new WorkbenchError('NOT_FOUND', `没有项目 ${c} / no project "${c}"`, c);
  const list = codes ?? all;
  const indicators = list.map((code, i) => computeProject(ws.db, ws.srid, layers, code, {
    isCancelled: hooks.isCancelled, onProgress: (f, m) => hooks.onProgress?.((i + f) / list.length, m),
  }));
  return reportsOf(ws, layers, indicators);
}
