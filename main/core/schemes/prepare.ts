// A draft's first edit of a layer it still shares with another scheme copies the layer's table (tables.ts). For a
// big layer that copy takes seconds (三调 at 200,000 parcels: ~8 s), so when the user picks the layer to edit, the
// copy is made ahead, in a worker thread on its own connection, with progress and cancel: the event loop keeps
// serving the map meanwhile, and the first edit finds the table ready.
import { openDatabase } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import { assertWritable, ensureOwnTable, sharesTable, tableOf, type CopyHooks } from './tables.js';

export interface PrepareParams { path: string; srid: number; schemeId: number; layerId: number }

/** Gives the scheme its own table for the layer (one transaction); nothing to do when it already has one. */
export function prepareOwnTable(params: PrepareParams, hooks: CopyHooks = {}): { table: string; copied: boolean } {
  const db = openDatabase(params.path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 30000');
    db.exec('BEGIN IMMEDIATE');
    try {
      assertWritable(db, params.schemeId);
      const copied = sharesTable(db, params.schemeId, params.layerId);
      const table = copied ? ensureOwnTable(db, params.srid, params.schemeId, params.layerId, hooks) : tableOf(db, params.schemeId, params.layerId);
      if (hooks.isCancelled?.()) throw new WorkbenchError('CANCELLED', '已取消复制图层 / Copying the layer was cancelled');
      db.exec('COMMIT');
      return { table, copied };
    } catch (e) {
      db.exec('ROLLBACK');
      throw e;
    }
  } finally {
    db.close();
  }
}
