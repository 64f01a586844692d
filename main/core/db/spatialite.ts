// Opens better-sqlite3 connections with mod_spatialite loaded. better-sqlite3 bundles its own SQLite while the
// system mod_spatialite was built against the system one; loading works, and every connection (including those
// opened in worker threads) loads the extension itself.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../errors.js';

export type Db = Database.Database;
/** A prepared statement taking positional parameters. */
export type Stmt = Database.Statement<unknown[]>;

/** Where to find mod_spatialite: env override, the packaged app's resources, then the system library path. */
export function spatialiteCandidates(): string[] {
  const out: string[] = [];
  if (process.env.SANXIAN_SPATIALITE) out.push(process.env.SANXIAN_SPATIALITE);
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) {
    const dir = path.join(resourcesPath, 'spatialite', `${process.platform}-${process.arch}`);
    out.push(path.join(dir, process.platform === 'win32' ? 'mod_spatialite.dll' : process.platform === 'darwin' ? 'mod_spatialite.dylib' : 'mod_spatialite.so'));
  }
  out.push('mod_spatialite');
  if (process.platform === 'linux') out.push('/usr/lib/x86_64-linux-gnu/mod_spatialite.so', '/usr/lib/aarch64-linux-gnu/mod_spatialite.so');
  if (process.platform === 'darwin') out.push('/opt/homebrew/lib/mod_spatialite.dylib', '/usr/local/lib/mod_spatialite.dylib');
  return out;
}

/** The compiled better-sqlite3 binding for the running runtime (Electron needs its own ABI build). */
function nativeBinding(): string | undefined {
  if (process.env.SANXIAN_NATIVE_BINDING) return process.env.SANXIAN_NATIVE_BINDING;
  const electron = process.versions.electron;
  if (!electron || (process as { resourcesPath?: string }).resourcesPath?.includes('app.asar')) return undefined;
  const candidate = path.resolve(__dirname, '..', '..', '.cache', 'native', `electron-${electron}`, 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}

let loadedFrom: string | undefined;

export function loadSpatialite(db: Db): void {
  const errors: string[] = [];
  for (const candidate of loadedFrom ? [loadedFrom] : spatialiteCandidates()) {
    if (candidate.includes('/') && !existsSync(candidate)) continue;
    try {
      db.loadExtension(candidate);
      loadedFrom = candidate;
      return;
    } catch (e) {
      errors.push(`${candidate}: ${(e as Error).message}`);
    }
  }
  throw new WorkbenchError(
    'SPATIALITE_MISSING',
    'SpatiaLite (mod_spatialite) is not installed: on Debian/Ubuntu run `sudo apt-get install libsqlite3-mod-spatialite`, ' +
      'or set SANXIAN_SPATIALITE to the library path. Tried: ' + errors.join('; '),
  );
}

export interface OpenOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
}

export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  const binding = nativeBinding();
  const db = new Database(file, {
    readonly: opts.readonly ?? false,
    fileMustExist: opts.fileMustExist ?? false,
    ...(binding ? { nativeBinding: binding } : {}),
  });
  try {
    loadSpatialite(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

export function spatialiteVersions(db: Db): { spatialite: string; geos: string; proj: string } {
  const r = db.prepare('SELECT spatialite_version() s, geos_version() g, proj_version() p').get() as { s: string; g: string; p: string };
  return { spatialite: r.s, geos: r.g, proj: r.p };
}
