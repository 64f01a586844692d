// Workspace schema, versioned. Each migration runs inside the transaction that opens the workspace for writing;
// a workspace whose version is newer than the last one here is refused untouched.
import type { Db } from '../db/spatialite.js';

export const APP_ID = 'sanxian-workbench';
/** SQLite header application_id: 'SXWB'. Lets us tell our files from other SQLite files without a query. */
export const SQLITE_APPLICATION_ID = 0x53585742;

export interface Migration {
  version: number;
  description: string;
  up(db: Db): void;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'meta, layer registry, edit log',
    up(db) {
      db.exec(`
        CREATE TABLE IF NOT EXISTS sx_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE sx_layers (
          id INTEGER PRIMARY KEY,
          table_name TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL,
          name TEXT NOT NULL,
          name_en TEXT NOT NULL,
          geometry_type TEXT NOT NULL,
          sort_order INTEGER NOT NULL,
          visible INTEGER NOT NULL DEFAULT 1,
          opacity REAL NOT NULL DEFAULT 1,
          style_json TEXT NOT NULL,
          synthetic INTEGER NOT NULL DEFAULT 0,
          attribution TEXT,
          feature_count INTEGER NOT NULL DEFAULT 0,
          extent_json TEXT,
          created_at TEXT NOT NULL
        );
        CREATE TABLE sx_edit_log (
          id INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          actor TEXT NOT NULL,
          layer_id INTEGER,
          action TEXT NOT NULL,
          detail_json TEXT
        );
      `);
    },
  },
  {
    version: 2,
    description: 'check runs and their findings (overlay and QA engine, docs/checks.md)',
    up(db) {
      db.exec(`
        CREATE TABLE sx_check_runs (
          id INTEGER PRIMARY KEY,
          scheme TEXT NOT NULL DEFAULT 'current',
          status TEXT NOT NULL,
          started_at TEXT NOT NULL,
          finished_at TEXT,
          duration_ms REAL,
          checks_json TEXT NOT NULL,
          params_json TEXT NOT NULL,
          layer_pairs_json TEXT NOT NULL DEFAULT '[]',
          layers_json TEXT NOT NULL DEFAULT '[]',
          totals_json TEXT NOT NULL DEFAULT '{}',
          stats_json TEXT,
          skipped_json TEXT NOT NULL DEFAULT '[]',
          finding_count INTEGER NOT NULL DEFAULT 0,
          error TEXT
        );
        CREATE INDEX sx_check_runs_scheme ON sx_check_runs(scheme, id);
        CREATE TABLE sx_findings (
          id INTEGER PRIMARY KEY,
          run_id INTEGER NOT NULL REFERENCES sx_check_runs(id) ON DELETE CASCADE,
          type TEXT NOT NULL,
          severity TEXT NOT NULL,
          layers_json TEXT NOT NULL,
          fids_json TEXT NOT NULL,
          area_m2 REAL NOT NULL,
          area_ell_m2 REAL NOT NULL,
          town TEXT, town_code TEXT, village TEXT, village_code TEXT,
          dlbm TEXT,
          detail TEXT NOT NULL DEFAULT '',
          suggestion TEXT,
          fingerprint TEXT NOT NULL,
          minx REAL, miny REAL, maxx REAL, maxy REAL,
          geom BLOB
        );
        CREATE INDEX sx_findings_run ON sx_findings(run_id, type);
        CREATE INDEX sx_findings_fp ON sx_findings(run_id, fingerprint);
      `);
    },
  },
];

export function latestSchemaVersion(): number {
  return MIGRATIONS[MIGRATIONS.length - 1]!.version;
}

export function schemaVersion(db: Db): number {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='sx_meta'").get();
  if (!hasMeta) return 0;
  const row = db.prepare("SELECT value FROM sx_meta WHERE key='schema_version'").get() as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

/** Applies pending migrations; the caller holds the write transaction. */
export function migrate(db: Db, from: number): void {
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    m.up(db);
    db.prepare("INSERT INTO sx_meta(key, value) VALUES ('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value")
      .run(String(m.version));
  }
}
