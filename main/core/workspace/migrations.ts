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
  {
    version: 3,
    description: 'editing: undoable edit steps with before/after images, layer revisions (docs/editing.md)',
    up(db) {
      // sx_edit_log keeps one row per step. Rows written before this version (layer.create, features.insert) stay as
      // they are: not undoable, state 'done'. `scheme` prepares the 方案 issue: every edit belongs to a scheme draft,
      // today always the baseline. `state` is done → undone → (redone: done again) or discarded when a new edit
      // clears the redo stack. `target_id` links an undo/redo row to the edit it undid or redid.
      // sx_edit_images holds, per edit, the before and after image of every feature it touched: WKB (AsBinary, the
      // workspace CRS) and the attributes as JSON. before_attrs NULL: the edit created the feature; after_attrs NULL:
      // the edit deleted it. Undo writes the before images back, redo the after images, so both are bit-exact.
      db.exec(`
        ALTER TABLE sx_edit_log ADD COLUMN scheme TEXT NOT NULL DEFAULT 'baseline';
        ALTER TABLE sx_edit_log ADD COLUMN summary_zh TEXT;
        ALTER TABLE sx_edit_log ADD COLUMN summary_en TEXT;
        ALTER TABLE sx_edit_log ADD COLUMN undoable INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sx_edit_log ADD COLUMN state TEXT NOT NULL DEFAULT 'done';
        ALTER TABLE sx_edit_log ADD COLUMN target_id INTEGER;
        ALTER TABLE sx_edit_log ADD COLUMN layers_json TEXT;
        CREATE INDEX sx_edit_log_stack ON sx_edit_log(scheme, undoable, state, id);
        CREATE TABLE sx_edit_images (
          id INTEGER PRIMARY KEY,
          edit_id INTEGER NOT NULL REFERENCES sx_edit_log(id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          layer_id INTEGER NOT NULL,
          fid INTEGER NOT NULL,
          before_wkb BLOB,
          before_attrs TEXT,
          after_wkb BLOB,
          after_attrs TEXT
        );
        CREATE INDEX sx_edit_images_edit ON sx_edit_images(edit_id, seq);
        ALTER TABLE sx_layers ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
      `);
    },
  },
  {
    version: 4,
    description: 'schemes (方案): drafts that share layer tables until they change them (docs/schemes.md)',
    up(db) {
      // A scheme maps every layer to the SQL table holding that layer's features in the scheme (sx_scheme_layers).
      // A new draft copies its parent's mapping, so it starts sharing every table; the first edit of a layer in a
      // scheme copies that table (copy-on-write, main/core/schemes/tables.ts). Statistics and the revision live per
      // table (sx_layer_tables); revisions come from one workspace-wide sequence, so (layer, revision) identifies
      // content across schemes and the map's caches stay correct when the user switches scheme.
      db.exec(`
        CREATE TABLE sx_schemes (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          note TEXT NOT NULL DEFAULT '',
          parent_id INTEGER,
          is_baseline INTEGER NOT NULL DEFAULT 0,
          locked INTEGER NOT NULL DEFAULT 0,
          origin TEXT,
          created_at TEXT NOT NULL,
          created_by TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE sx_layer_tables (
          table_name TEXT PRIMARY KEY,
          layer_id INTEGER NOT NULL,
          owner_scheme INTEGER NOT NULL,
          feature_count INTEGER NOT NULL DEFAULT 0,
          extent_json TEXT,
          revision INTEGER NOT NULL
        );
        CREATE TABLE sx_scheme_layers (
          scheme_id INTEGER NOT NULL REFERENCES sx_schemes(id) ON DELETE CASCADE,
          layer_id INTEGER NOT NULL,
          table_name TEXT NOT NULL,
          PRIMARY KEY (scheme_id, layer_id)
        );
        CREATE INDEX sx_scheme_layers_table ON sx_scheme_layers(table_name);
      `);
      const now = new Date().toISOString();
      db.prepare(`INSERT INTO sx_schemes (id, name, is_baseline, created_at, created_by, updated_at) VALUES (1, '现状', 1, ?, '', ?)`).run(now, now);
      db.exec(`
        INSERT INTO sx_layer_tables (table_name, layer_id, owner_scheme, feature_count, extent_json, revision)
          SELECT table_name, id, 1, feature_count, extent_json, id FROM sx_layers;
        INSERT INTO sx_scheme_layers (scheme_id, layer_id, table_name) SELECT 1, id, table_name FROM sx_layers;
        UPDATE sx_edit_log SET scheme = '1' WHERE scheme = 'baseline';
        UPDATE sx_check_runs SET scheme = '1' WHERE scheme = 'current';
        ALTER TABLE sx_layers DROP COLUMN feature_count;
        ALTER TABLE sx_layers DROP COLUMN extent_json;
        ALTER TABLE sx_layers DROP COLUMN revision;
      `);
      db.prepare(`INSERT INTO sx_meta (key, value) VALUES ('revision_seq', (SELECT COALESCE(MAX(id), 0) FROM sx_layers))
        ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run();
    },
  },
  {
    version: 5,
    description: 'land consolidation (docs/consolidation.md): project type XMLX, sub-zone grade GDDB, the rule table',
    up(db) {
      // Layers created before this version lack the fields added to their kinds (shared/domain/layer-kinds.ts).
      // Every table of those kinds gets them, empty: the baseline's and every scheme's own copy (version 4).
      const added: Record<string, [string, string][]> = { project_area: [['XMLX', 'TEXT']], project_subzone: [['GDDB', 'INTEGER']] };
      const tables = db.prepare(`SELECT t.table_name t, l.kind FROM sx_layer_tables t JOIN sx_layers l ON l.id = t.layer_id
        WHERE l.kind IN ('project_area', 'project_subzone')`).all() as { t: string; kind: string }[];
      for (const { t, kind } of tables) {
        for (const [col, type] of added[kind] ?? []) {
          const has = db.prepare('SELECT 1 FROM pragma_table_info(?) WHERE name = ?').get(t, col);
          if (!has) db.exec(`ALTER TABLE "${t.replace(/"/g, '""')}" ADD COLUMN "${col}" ${type}`);
        }
      }
      // The indicator rules, one row each (defaults in shared/domain/consolidation.ts, written on first read; the
      // user edits thresholds, comparators, the project types a rule applies to and its source text).
      db.exec(`
        CREATE TABLE sx_consolidation_rules (
          id TEXT PRIMARY KEY,
          sort_order INTEGER NOT NULL,
          indicator TEXT NOT NULL,
          label_zh TEXT NOT NULL,
          label_en TEXT NOT NULL,
          comparator TEXT NOT NULL CHECK (comparator IN ('>=', '<=', '>', '<')),
          threshold REAL NOT NULL,
          applies_to_json TEXT NOT NULL,
          enabled INTEGER NOT NULL DEFAULT 1,
          source TEXT NOT NULL DEFAULT '',
          updated_at TEXT
        );
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
