// Pure helpers of the import and export dialogs (tested in import-helpers.spec.ts).
import type { ExportFormat } from '../../../shared/contract/io.js';

const PRIMARY = ['.shp', '.zip', '.gpkg', '.geojson', '.json', '.kml', '.kmz', '.csv', '.tsv', '.txt'];

/** The file to open among those dropped or chosen together: the .shp of a shapefile's parts, else any data file. */
export function primaryPath(paths: readonly string[]): string | null {
  const ext = (p: string) => p.slice(p.lastIndexOf('.')).toLowerCase();
  for (const e of PRIMARY) {
    const hit = paths.find((p) => ext(p) === e);
    if (hit) return hit;
  }
  // Only .dbf/.shx/… dropped: the reader finds the .shp beside them (and says so if it is missing).
  return paths.find((p) => ['.dbf', '.shx'].includes(ext(p))) ?? null;
}

/** Text decoded with the wrong encoding shows U+FFFD: the preview marks such values in red. */
export function looksGarbled(v: unknown): boolean {
  return typeof v === 'string' && v.includes('\ufffd');
}

/** "/data/金坛.sqlite", "dltb", "shp" → "/data/dltb.shp" (the folder of the workspace; Windows separators kept). */
export function defaultLayerExportPath(workspacePath: string, table: string, format: ExportFormat, selection = false): string {
  const cut = Math.max(workspacePath.lastIndexOf('/'), workspacePath.lastIndexOf('\\'));
  return `${workspacePath.slice(0, cut + 1)}${table}${selection ? '_所选' : ''}.${format}`;
}

/** "24,-123,-94,0.02,-0.25,-0.13,1.1" → numbers, or null when it is not 3 or 7 numbers. */
export function parseTowgs84(text: string): number[] | null {
  const parts = text.split(/[,，\s]+/).filter(Boolean).map(Number);
  return (parts.length === 3 || parts.length === 7) && parts.every(Number.isFinite) ? parts : null;
}

/** "4528", "EPSG:4528", " epsg 4528 " → "EPSG:4528"; anything else null. */
export function normaliseSrs(text: string): string | null {
  const m = /^\s*(?:epsg\s*[:：]?\s*)?(\d{4,5})\s*$/i.exec(text);
  return m ? `EPSG:${m[1]}` : null;
}
