// The work that runs off the event loop. Each task opens its own SQLite connection (SpatiaLite is loaded per
// connection) and returns plain data; typed arrays in the result are transferred, not copied.
import { computeProjects, type ProjectCheckParams } from '../consolidation/projects.js';
import { openDatabase } from '../db/spatialite.js';
import { runPart, type PartParams } from '../overlay/engine.js';
import { buildLayerGeometry } from '../render/layer-geometry.js';
import { buildPyramid } from '../render/tiles/pyramid.js';
import { buildVectorTile, type VectorTileKey } from '../render/tiles/vector-tile.js';
import { generateSample } from '../sample/generate-sample.js';
import { diffSchemes } from '../schemes/diff.js';
import { prepareOwnTable, type PrepareParams } from '../schemes/prepare.js';
import { exportPackage, importPackage } from '../schemes/package.js';
import { mergePreview, mergeSchemes } from '../schemes/merge.js';
import { Workspace } from '../workspace/workspace.js';
import type { Db } from '../db/spatialite.js';
import type { TaskContext } from './protocol.js';
import type { ImportOptions } from '../../../shared/contract/io.js';
import { importWithReaderThread } from '../io/import-pipeline.js';
import { previewImport, type WorkspaceFacts } from '../io/import.js';

export type SchemeExchange = { path: string; scheme: number } & (
  | { op: 'exportPackage'; id: number; target: string; onlyChanges?: boolean }
  | { op: 'importPackage'; file: string; name?: string }
  | { op: 'mergePreview'; from: number; into: number }
  | { op: 'merge'; from: number; into: number; resolutions?: Record<string, 'theirs' | 'ours'> }
);
/** The tile workers keep one read-only connection to the open workspace (a tile is a few milliseconds). */
let tileDb: { path: string; db: Db } | null = null;

/** This worker's read-only connection to a workspace, kept between tasks (a read sees every commit before it). */
function readConnection(path: string): Db {
  if (tileDb?.path !== path) {
    tileDb?.db.close();
    tileDb = { path, db: openDatabase(path, { readonly: true, fileMustExist: true }) };
  }
  return tileDb.db;
}

export const tasks = {
  async layerGeometry(params: { path: string; layerId: number; scheme: number }, ctx: TaskContext) {
    const db = openDatabase(params.path, { readonly: true, fileMustExist: true });
    try {
      return buildLayerGeometry(db, params.layerId, params.scheme, { isCancelled: ctx.isCancelled, onProgress: (f) => ctx.progress(f, '') });
    } finally {
      db.close();
    }
  },
  /** A big layer's raster pyramid (docs/scale.md): reads, then writes the tiles in one transaction. */
  async buildPyramid(params: { path: string; layerId: number; scheme: number }, ctx: TaskContext) {
    const db = openDatabase(params.path, { fileMustExist: true });
    try {
      return buildPyramid(db, params.layerId, params.scheme, { isCancelled: ctx.isCancelled, onProgress: (f) => ctx.progress(f, '') });
    } finally {
      db.close();
    }
  },
  /**
   * A whole layer simplified for drawing (shared/domain/display-detail.ts), on the tile worker: a dozen layers are
   * asked for whenever a map crosses a whole zoom, so it reads through the kept connection.
   */
  async detailGeometry(params: { path: string; layerId: number; scheme: number; simplifyMeters: number }, ctx: TaskContext) {
    return buildLayerGeometry(readConnection(params.path), params.layerId, params.scheme, { isCancelled: ctx.isCancelled, simplifyMeters: params.simplifyMeters });
  },
  async vectorTile(params: { path: string; layerId: number; scheme: number; key: VectorTileKey }) {
    return buildVectorTile(readConnection(params.path), params.layerId, params.scheme, params.key);
  },
  async sample(params: { out: string; parcels?: number; seed?: number }, ctx: TaskContext) {
    return generateSample(params.out, { parcels: params.parcels, seed: params.seed }, {
      isCancelled: ctx.isCancelled,
      onProgress: (f, m) => ctx.progress(f, m),
    });
  },
  /** One part of a check run (docs/checks.md): writes its findings into the workspace, returns totals and statistics. */
  async overlayPart(params: PartParams, ctx: TaskContext) {
    return runPart(params, { isCancelled: ctx.isCancelled, progress: ctx.progress });
  },
  /** Compares two schemes (docs/schemes.md): read-only, on its own connection. */
  async schemeDiff(params: { path: string; srid: number; from: number; to: number; layerIds?: number[] }, ctx: TaskContext) {
    const db = openDatabase(params.path, { readonly: true, fileMustExist: true });
    try {
      return diffSchemes(db, params.srid, { ...params, isCancelled: ctx.isCancelled, progress: ctx.progress });
    } finally {
      db.close();
    }
  },
  /** A scheme's own copy of a layer table before its first edit (schemes/prepare.ts): writes, one transaction. */
  async prepareSchemeLayer(params: PrepareParams, ctx: TaskContext) {
    return prepareOwnTable(params, { isCancelled: ctx.isCancelled, onProgress: ctx.progress });
  },
  /** Scheme exchange and merge (docs/schemes.md) on the worker's own connection, in the caller's active scheme. */
  async schemeExchange(params: SchemeExchange) {
    const ws = Workspace.attach(params.path);
    try {
      ws.setScheme(params.scheme, { remember: false });
      switch (params.op) {
        case 'exportPackage': return { kind: params.op, result: exportPackage(ws, params.id, params.target, { onlyChanges: params.onlyChanges }) } as const;
        case 'importPackage': return { kind: params.op, result: importPackage(ws, params.file, { name: params.name }) } as const;
        case 'mergePreview': return { kind: params.op, result: mergePreview(ws, params.from, params.into) } as const;
        case 'merge': return { kind: params.op, result: mergeSchemes(ws, params.from, params.into, params.resolutions) } as const;
      }
    } finally {
      ws.close();
    }
  },
  /** Indicators of land-consolidation projects (docs/consolidation.md); rules are evaluated by the caller. */
  async projectCheck(params: ProjectCheckParams, ctx: TaskContext) {
    return computeProjects(params, { isCancelled: ctx.isCancelled, onProgress: ctx.progress });
  },
  /** What a file holds and what its import would do (reads the whole file: off the event loop). */
  async previewImport(params: { options: ImportOptions & { checkAll?: boolean }; ws: WorkspaceFacts }) {
    return previewImport(params.options, params.ws);
  },
  /** Imports a file as a new layer (docs/import-export.md): reader thread + this thread writing one transaction. */
  async importLayer(params: { path: string; options: ImportOptions; ws: WorkspaceFacts }, ctx: TaskContext) {
    return importWithReaderThread(params.path, params.options, params.ws, ctx);
  },
  /** Used by tests: proves extension loading and cancellation inside a worker thread. */
  async probe(params: { spinMs?: number }, ctx: TaskContext) {
    const db = openDatabase(':memory:');
    const v = db.prepare('SELECT spatialite_version() v, ST_Area(ST_GeomFromText(?)) a').get('POLYGON((0 0,2 0,2 2,0 2,0 0))') as { v: string; a: number };
    db.close();
    const until = Date.now() + (params.spinMs ?? 0);
    while (Date.now() < until) {
      if (ctx.isCancelled()) throw Object.assign(new Error('cancelled'), { code: 'CANCELLED' });
      ctx.progress(1 - (until - Date.now()) / (params.spinMs || 1), 'spinning');
    }
    return { spatialite: v.v, area: v.a };
  },
};

export type TaskKind = keyof typeof tasks;
export type TaskParams<K extends TaskKind> = Parameters<(typeof tasks)[K]>[0];
export type TaskResult<K extends TaskKind> = Awaited<ReturnType<(typeof tasks)[K]>>;
