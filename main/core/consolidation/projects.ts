// The consolidation service: which layers a project check reads (resolved through the workspace, so the active
// scheme's tables are followed), the project list, and the check itself (indicators in a worker, rules in main).
import type { ProjectCheckResult, ProjectList } from '../../../shared/contract/consolidation.js';
import type { LayerKindId } from '../../../shared/domain/layer-kinds.js';
import { openDatabase } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import { findScheme, getScheme } from '../schemes/store.js';
import { BASELINE_SCHEME_ID } from '../workspace/layer-registry.js';
import type { Workspace } from '../workspace/workspace.js';
import { computeProject, listProjects, projectCodes, type Hooks, type LayerRef, type ProjectIndicators, type ProjectLayers, type ReferenceLines } from './indicators.js';
import { buildReport, checkResult } from './report.js';
import { readRules } from './rules.js';

/**
 * The layers a project check reads in the active scheme, and the three lines in the reference scheme (`against`, a
 * scheme id or name; by default the baseline) for the changes of the lines the project makes.
 */
export function projectLayers(ws: Workspace, against?: number | string): ProjectLayers | null {
  const first = (kind: LayerKindId) => {
    const l = ws.layersOfKind(kind)[0];
    return l ? { id: l.id, table: l.table } : null;
  };
  const project = first('project_area');
  if (!project) return null;
  const lines = { pbf: first('permanent_farmland'), eco: first('eco_redline'), urban: first('urban_boundary') };
  return { project, subzone: first('project_subzone'), landuse: first('landuse'), ...lines, reference: referenceLines(ws, lines, against) };
}

function referenceLines(ws: Workspace, lines: { pbf: LayerRef | null; eco: LayerRef | null; urban: LayerRef | null }, against?: number | string): ReferenceLines | null {
  const scheme = against === undefined ? getScheme(ws.db, BASELINE_SCHEME_ID) : findScheme(ws.db, against);
  if (scheme.id === ws.scheme) return null;
  // A layer the reference scheme does not have counts as empty there.
  const there = (l: LayerRef | null): LayerRef | null => {
    if (!l) return null;
    const row = ws.layers(scheme.id).find((x) => x.id === l.id);
    return row ? { id: row.id, table: row.table } : null;
  };
  return {
    schemeId: scheme.id, schemeName: scheme.name, currentName: getScheme(ws.db, ws.scheme).name,
    pbf: there(lines.pbf), eco: there(lines.eco), urban: there(lines.urban),
  };
}

export function requireProjectLayers(ws: Workspace, against?: number | string): ProjectLayers {
  const layers = projectLayers(ws, against);
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
export function checkProjectsHere(ws: Workspace, codes?: string[], hooks: Hooks = {}, against?: number | string): ProjectCheckResult {
  const layers = requireProjectLayers(ws, against);
  const all = projectCodes(ws.db, layers);
  for (const c of codes ?? []) if (!all.includes(c)) throw new WorkbenchError('NOT_FOUND', `没有项目 ${c} / no project "${c}"`, c);
  const list = codes ?? all;
  const indicators = list.map((code, i) => computeProject(ws.db, ws.srid, layers, code, {
    isCancelled: hooks.isCancelled, onProgress: (f, m) => hooks.onProgress?.((i + f) / list.length, m),
  }));
  return reportsOf(ws, layers, indicators);
}
