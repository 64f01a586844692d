// What the compare views and the meeting-room mode (会议模式) need beyond schemes.ts (docs/schemes.md "In the
// workbench"): the layers as another scheme sees them (so a compare view knows which geometry it can share with the
// map), the extents of admin units (one PDF page per town), and saving the images the renderer composes (PNG of the
// current view, a multi-page PDF), written by main like every other export.
import { z } from 'zod';
import { Bbox, LayerInfo } from './schemas.js';

const schemeId = z.number().int().positive();
const path = z.string().min(1, 'path is empty');
/** Standard base64 of the file's bytes (the browser host takes JSON requests of at most 8 MiB). */
const base64 = z.string().min(1).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64');

export const UnitExtent = z.object({ code: z.string(), name: z.string(), bbox: Bbox });
export type UnitExtent = z.infer<typeof UnitExtent>;

export const PdfPage = z.object({
  /** A baseline JPEG of the whole page (map, title, legend, scale bar, north arrow, date), drawn by the renderer. */
  jpegBase64: base64,
  widthPx: z.number().int().min(16).max(10_000),
  heightPx: z.number().int().min(16).max(10_000),
});
export type PdfPage = z.infer<typeof PdfPage>;

export const presentMethods = {
  /** The layers as scheme `id` sees them (its tables, counts, extents, revisions); styles are the workspace's. */
  'schemes.layers': { input: z.object({ id: schemeId }).strict(), output: z.array(LayerInfo) },
  /** lon/lat bounds of the 区县 / 镇街 / 村 of the workspace's admin layers (in the active scheme, or `scheme`). */
  'domains.unitExtents': {
    input: z.object({ level: z.enum(['county', 'town', 'village']), scheme: schemeId.optional() }).strict(),
    output: z.array(UnitExtent),
  },
  /** Saves a PNG the renderer drew (the current view with its title and legend). */
  'present.savePng': {
    input: z.object({ path, pngBase64: base64 }).strict(),
    output: z.object({ path: z.string(), bytes: z.number().int() }),
  },
  /** Writes a PDF of one page per image (A4 landscape unless the images say otherwise), with a title in its info. */
  'present.savePdf': {
    input: z.object({ path, title: z.string().max(500), pages: z.array(PdfPage).min(1).max(200) }).strict(),
    output: z.object({ path: z.string(), pages: z.number().int(), bytes: z.number().int() }),
  },
} as const;
