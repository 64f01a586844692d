// Import and export of the files planners exchange (issue #7, docs/import-export.md): Shapefile (GBK or UTF-8
// attributes, CGCS2000 Gauss–Krüger .prj), GeoPackage, GeoJSON, KML/KMZ, CSV with WKT.
//
// The import is two steps: `import.preview` reads the file and says what it found (format, encoding, CRS, the
// proposed layer kind and field mapping, the first rows, invalid geometries); `import.run` creates the new layer in
// one transaction, in a worker, with progress under the caller's job id (cancel with jobs.cancel).
import { z } from 'zod';
import { AttributeValue, Bbox, LayerInfo, LayerKindIdSchema } from './schemas.js';

export const TextEncoding = z.enum(['gbk', 'gb18030', 'utf8']);
export type TextEncoding = z.infer<typeof TextEncoding>;

export const ImportFormat = z.enum(['shapefile', 'gpkg', 'geojson', 'kml', 'csv']);
export const ExportFormat = z.enum(['shp', 'gpkg', 'geojson', 'kml']);
export type ExportFormat = z.infer<typeof ExportFormat>;

const FieldTypeSchema = z.enum(['TEXT', 'REAL', 'INTEGER']);

/** What the user chose in the preview; every field optional (the file's own answer, or our proposal, otherwise). */
export const ImportOptions = z.object({
  /** The file on the machine running the core (in browser mode: as uploaded by the host's /api/upload). */
  path: z.string().min(1),
  /** GeoPackage table or shapefile in a zip. */
  layer: z.string().optional(),
  encoding: TextEncoding.optional(),
  /** Source CRS, overriding the file's: "EPSG:4528" (required to confirm a guessed CRS). */
  srs: z.string().min(1).optional(),
  /** Helmert parameters for Xian 1980 / Beijing 1954 → CGCS2000 (3 or 7 values, proj4 +towgs84 convention). */
  towgs84: z.array(z.number().finite()).refine((v) => v.length === 3 || v.length === 7, 'towgs84 takes 3 or 7 values').optional(),
  /** Coordinates come northing first (X = north): overrides the detection. */
  swapAxes: z.boolean().optional(),
  kind: LayerKindIdSchema.optional(),
  name: z.string().min(1).max(120).optional(),
  /** Kind field → source field (null: leave empty). Fields not named here get the proposal. */
  fieldMap: z.record(z.string(), z.string().nullable()).optional(),
  /** Keep source fields the mapping does not use as extra columns (default true). */
  keepUnmapped: z.boolean().optional(),
  /** Repair invalid geometries with MakeValid (and drop rows left without area) instead of refusing the import. */
  repair: z.boolean().optional(),
}).strict();
export type ImportOptions = z.infer<typeof ImportOptions>;

export const RowProblem = z.object({ row: z.number().int(), reason: z.string() });
export type RowProblem = z.infer<typeof RowProblem>;

export const CrsReport = z.object({
  status: z.enum(['known', 'guessed', 'legacy', 'unknown']),
  srid: z.number().int().nullable(),
  name: z.string(),
  /** Why we guessed, or why it cannot be used. */
  reason: z.string().nullable(),
  alternatives: z.array(z.number().int()),
  /** Where the definition came from: prj, gpkg, geojson, kml, user, none. */
  from: z.string(),
  axesSwapped: z.boolean(),
  /** none: the workspace CRS; shift: same zone, false easting differs; project: proj4 transform. */
  transform: z.enum(['none', 'shift', 'project', 'blocked']),
  workspaceSrid: z.number().int(),
});
export type CrsReport = z.infer<typeof CrsReport>;

export const ImportPreview = z.object({
  path: z.string(),
  format: ImportFormat,
  layers: z.array(z.string()),
  layer: z.string(),
  geometryType: z.string(),
  featureCount: z.number().int(),
  fields: z.array(z.object({ name: z.string(), type: FieldTypeSchema })),
  /** null for formats whose text is typed or fixed UTF-8 (GeoPackage). */
  encoding: z.object({
    encoding: TextEncoding, source: z.string(), note: z.string().nullable(),
    detected: TextEncoding.nullable(),
    /** Values of the first rows that look wrong in this encoding (mojibake, replacement characters). */
    suspicious: z.number().int(),
  }).nullable(),
  crs: CrsReport,
  kind: LayerKindIdSchema,
  kindReason: z.string(),
  fieldMap: z.record(z.string(), z.string().nullable()),
  /** First rows: values in `fields` order. */
  sample: z.array(z.object({ row: z.number().int(), values: z.array(AttributeValue) })),
  /** lon/lat extent after the transform (null when the CRS is unusable). */
  extent: Bbox.nullable(),
  /** Rows checked for validity (all when the file is small, the first ones otherwise). */
  checkedRows: z.number().int(),
  invalid: z.array(RowProblem),
  unsupported: z.array(RowProblem),
  empty: z.array(RowProblem),
  warnings: z.array(z.string()),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportResult = z.object({
  layer: LayerInfo,
  imported: z.number().int(),
  repaired: z.array(RowProblem),
  dropped: z.array(RowProblem),
  extraFields: z.array(z.string()),
  crs: z.string(),
  encoding: TextEncoding.nullable(),
  warnings: z.array(z.string()),
  durationMs: z.number(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ExportRequest = z.object({
  layerId: z.number().int(),
  /** Only these features (the selection); all when absent. */
  fids: z.array(z.number().int()).min(1).max(1_000_000).optional(),
  format: ExportFormat,
  path: z.string().min(1),
  /** Shapefile attribute encoding (default GBK, what Chinese desktop GIS expects); a .cpg is written either way. */
  encoding: z.enum(['gbk', 'utf8']).optional(),
}).strict();
export type ExportRequest = z.infer<typeof ExportRequest>;

export const ExportResult = z.object({
  path: z.string(),
  /** Every file written (a shapefile is five). */
  files: z.array(z.string()),
  count: z.number().int(),
  /** Field names changed to fit the format (DBF: 10 bytes): original → written. */
  renamed: z.record(z.string(), z.string()),
});
export type ExportResult = z.infer<typeof ExportResult>;

export const ioMethods = {
  'import.preview': { input: ImportOptions, output: ImportPreview },
  /** Runs the import in a worker; progress as job.progress under jobId (pass one to be able to cancel). */
  'import.run': { input: ImportOptions.extend({ jobId: z.string().min(1).max(80).optional() }).strict(), output: ImportResult },
  'export.layer': { input: ExportRequest, output: ExportResult },
  /** Finding polygons of a check run as Shapefile or KML (XLSX / GeoPackage / GeoJSON / JSON: checks.export). */
  'export.findings': {
    input: z.object({ runId: z.number().int(), format: z.enum(['shp', 'kml']), path: z.string().min(1), encoding: z.enum(['gbk', 'utf8']).optional() }).strict(),
    output: ExportResult,
  },
} as const;
