// Saving what the meeting-room mode draws: a PNG of the current view and a PDF of one page per town or change
// (docs/schemes.md "In the workbench"). The renderer draws the pages; main checks that the bytes are what they claim
// to be (a PNG, JPEG pages), refuses other file extensions, and writes beside the target then renames into place,
// so a failed export leaves nothing half-written. Admin unit extents for the pages come from the admin layers.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { UnitExtent } from '../../../shared/contract/present.js';
import { CGCS2000_GEOGRAPHIC } from '../../../shared/domain/crs.js';
import type { LayerKindId } from '../../../shared/domain/layer-kinds.js';
import { quoteId } from '../editing/features.js';
import { WorkbenchError } from '../errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { jpegInfo, writePdf } from './pdf-writer.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function targetFile(target: string, ext: '.png' | '.pdf'): string {
  const file = path.resolve(target);
  if (path.extname(file).toLowerCase() !== ext) {
    throw new WorkbenchError('BAD_REQUEST', `文件名须以 ${ext} 结尾 / the file name must end in ${ext}`, file);
  }
  if (!existsSync(path.dirname(file))) throw new WorkbenchError('NOT_FOUND', `目录不存在 / folder does not exist: ${path.dirname(file)}`, file);
  return file;
}

function writeAtomically(file: string, bytes: Uint8Array): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function savePng(target: string, pngBase64: string): { path: string; bytes: number } {
  const file = targetFile(target, '.png');
  const bytes = Buffer.from(pngBase64, 'base64');
  if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new WorkbenchError('BAD_REQUEST', '图像数据不是 PNG / the image data is not a PNG', file);
  }
  writeAtomically(file, bytes);
  return { path: file, bytes: bytes.length };
}

export function savePdf(target: string, title: string, pages: { jpegBase64: string; widthPx: number; heightPx: number }[]): { path: string; pages: number; bytes: number } {
  const file = targetFile(target, '.pdf');
  const images = pages.map((p, i) => {
    const jpeg = Buffer.from(p.jpegBase64, 'base64');
    try {
      jpegInfo(jpeg);
    } catch (e) {
      throw new WorkbenchError('BAD_REQUEST', `第 ${i + 1} 页的图像不是 JPEG / page ${i + 1}: ${(e as Error).message}`, file);
    }
    return { jpeg, widthPx: p.widthPx, heightPx: p.heightPx };
  });
  let pdf: Uint8Array;
  try {
    pdf = writePdf(images, { title });
  } catch (e) {
    throw new WorkbenchError('BAD_REQUEST', `无法生成 PDF / cannot write the PDF: ${(e as Error).message}`, file);
  }
  writeAtomically(file, pdf);
  return { path: file, pages: images.length, bytes: pdf.length };
}

const UNIT_FIELDS: Record<'county' | 'town' | 'village', { kind: LayerKindId; code: string; name: string }> = {
  county: { kind: 'county', code: 'XZQDM', name: 'XZQMC' },
  town: { kind: 'town', code: 'XZQDM', name: 'XZQMC' },
  village: { kind: 'village', code: 'ZLDWDM', name: 'ZLDWMC' },
};

/** lon/lat bounds of every unit of a level, from the scheme's admin layer of that kind (none: an empty list). */
export function unitExtents(ws: Workspace, level: 'county' | 'town' | 'village', scheme?: number): UnitExtent[] {
  const f = UNIT_FIELDS[level];
  const layer = ws.layers(scheme).find((l) => l.kind === f.kind);
  if (!layer || layer.featureCount === 0) return [];
  // A unit drawn as several features (parts) gets the bounds of all of them.
  const rows = ws.db.prepare(`SELECT code, MIN(name) name, MIN(MbrMinX(g)) x0, MIN(MbrMinY(g)) y0, MAX(MbrMaxX(g)) x1, MAX(MbrMaxY(g)) y1
    FROM (SELECT ${quoteId(f.code)} code, ${quoteId(f.name)} name, ST_Transform(geom, ${CGCS2000_GEOGRAPHIC}) g FROM ${quoteId(layer.table)} WHERE geom IS NOT NULL)
    GROUP BY code ORDER BY code`).all() as { code: string | null; name: string | null; x0: number | null; y0: number | null; x1: number | null; y1: number | null }[];
  return rows.filter((r) => r.code !== null && r.x0 !== null).map((r) => ({
    code: String(r.code), name: r.name ?? String(r.code), bbox: [r.x0!, r.y0!, r.x1!, r.y1!],
  }));
}
