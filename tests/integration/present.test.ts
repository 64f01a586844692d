// What the compare views and the meeting-room mode ask of main: the layers as another scheme sees them, the extents
// of admin units, and saving the images the renderer draws. A PDF written from two JPEG pages opens in poppler with
// two pages of the right colours; files that are not what they claim are refused and nothing is left behind.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Workbench } from '../../main/core/service.js';
import { Editor } from '../../main/core/editing/editor.js';
import type { XY } from '../../main/core/editing/geometry.js';
import { buildFixture, X0, Y0, type Fixture } from './editing-fixtures.js';
import { tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let f: Fixture;
let wb: Workbench;
beforeEach(async () => {
  tmp = tempDir();
  const file = tmp.file('present.sqlite');
  f = buildFixture(file);
  f.ws.close();
  wb = new Workbench({ host: 'cli', version: 'test', bundledSamplePath: tmp.file('none.sqlite'), stateDir: tmp.file('state') });
  await wb.api['workspace.open']({ path: file });
});
afterEach(async () => {
  await wb.dispose();
  tmp.cleanup();
});

/** Exact positions [lon, lat, x, y] of workspace points, through the open workspace's projector. */
const exact = (pts: XY[]) => new Editor(wb.current()!).ctx.projector.positions(pts);

/** A solid-colour JPEG made by GDAL (an independent encoder). */
function jpeg(name: string, w: number, h: number, rgb: [number, number, number]): string {
  const tif = tmp.file(`${name}.tif`), jpg = tmp.file(`${name}.jpg`);
  execFileSync('gdal_create', ['-q', '-of', 'GTiff', '-outsize', String(w), String(h), '-bands', '3', '-ot', 'Byte', ...rgb.flatMap((c) => ['-burn', String(c)]), tif]);
  execFileSync('gdal_translate', ['-q', '-of', 'JPEG', '-co', 'QUALITY=95', tif, jpg]);
  return readFileSync(jpg).toString('base64');
}

/** Centre pixel of a binary PPM (P6) as poppler writes it. */
function ppmCentre(file: string): { width: number; height: number; rgb: number[] } {
  const b = readFileSync(file);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(b.subarray(0, 40).toString('latin1'))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const at = header[0].length + ((Math.floor(height / 2) * width + Math.floor(width / 2)) * 3);
  return { width, height, rgb: [b[at]!, b[at + 1]!, b[at + 2]!] };
}

describe('the layers of another scheme', () => {
  it('lists the draft’s own table and revision for the layer it edited, and the shared ones as they are', async () => {
    const d = (await wb.api['schemes.create']({ fromId: 1, name: '草案' })).id;
    const before = await wb.api['schemes.layers']({ id: d });
    const active = (await wb.api['workspace.current']({}))!.layers;
    expect(before.map((l) => [l.id, l.table, l.revision])).toEqual(active.map((l) => [l.id, l.table, l.revision]));
    await wb.api['schemes.activate']({ id: d });
    const rect = { type: 'Polygon' as const, coordinates: [exact([[X0 + 100, Y0 - 50], [X0 + 400, Y0 - 50], [X0 + 400, Y0 + 200], [X0 + 100, Y0 + 200]])] };
    await wb.api['edit.updateGeometry']({ layerId: f.layers.stbhhx, fid: 1, geometry: rect });
    const draft = await wb.api['schemes.layers']({ id: d });
    const baseline = await wb.api['schemes.layers']({ id: 1 });
    const red = (ls: typeof draft) => ls.find((l) => l.id === f.layers.stbhhx)!;
    expect(red(draft).table).not.toBe(red(baseline).table);
    expect(red(draft).key).toBe(red(baseline).key);
    expect(red(draft).revision).not.toBe(red(baseline).revision);
    expect(draft.find((l) => l.id === f.layers.dltb)!.revision).toBe(baseline.find((l) => l.id === f.layers.dltb)!.revision);
    await expect(wb.api['schemes.layers']({ id: 99 })).rejects.toMatchObject({ code: 'UNKNOWN_SCHEME' });
  });
});

describe('admin unit extents', () => {
  it('gives each village the lon/lat bounds of its corners', async () => {
    const villages = await wb.api['domains.unitExtents']({ level: 'village' });
    expect(villages.map((v) => [v.code, v.name])).toEqual([['320413104201', '黄金村'], ['320413104202', '龙溪村']]);
    // 黄金村 spans X0-5000 … X0+150, Y0-5000 … Y0+5000: its bounds are those of its four corners in lon/lat.
    const corners = exact([[X0 - 5000, Y0 - 5000], [X0 + 150, Y0 - 5000], [X0 + 150, Y0 + 5000], [X0 - 5000, Y0 + 5000]]);
    const lons = corners.map((c) => c[0]!), lats = corners.map((c) => c[1]!);
    const [x0, y0, x1, y1] = villages[0]!.bbox;
    expect(x0).toBeCloseTo(Math.min(...lons), 9);
    expect(y0).toBeCloseTo(Math.min(...lats), 9);
    expect(x1).toBeCloseTo(Math.max(...lons), 9);
    expect(y1).toBeCloseTo(Math.max(...lats), 9);
    // 龙溪村 lies east of it.
    expect(villages[1]!.bbox[2]).toBeGreaterThan(x1);
    expect(await wb.api['domains.unitExtents']({ level: 'county' })).toEqual([]);
  });
});

describe('saving the meeting-room exports', () => {
  it('writes a PDF of one page per image that poppler renders in the images’ colours', async () => {
    const red = jpeg('red', 200, 141, [220, 30, 40]);
    const green = jpeg('green', 200, 141, [30, 160, 60]);
    const out = tmp.file('会议.pdf');
    const r = await wb.api['present.savePdf']({
      path: out, title: '金坛 现状 → 草案',
      pages: [{ jpegBase64: red, widthPx: 200, heightPx: 141 }, { jpegBase64: green, widthPx: 200, heightPx: 141 }],
    });
    expect(r).toMatchObject({ path: out, pages: 2 });
    const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+2/);
    expect(info).toMatch(/Title:\s+金坛 现状 → 草案/);
    execFileSync('pdftoppm', ['-r', '20', out, tmp.file('page')]);
    const pages = readdirSync(tmp.dir).filter((n) => n.startsWith('page') && n.endsWith('.ppm')).sort();
    expect(pages).toHaveLength(2);
    const [p1, p2] = pages.map((p) => ppmCentre(tmp.file(p)));
    // A4 landscape-ish: wider than high in the images' aspect.
    expect(p1!.width / p1!.height).toBeCloseTo(200 / 141, 1);
    const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= 12);
    expect(near(p1!.rgb, [220, 30, 40])).toBe(true);
    expect(near(p2!.rgb, [30, 160, 60])).toBe(true);
  });

  it('saves a PNG, and refuses bytes that are not what the extension says, leaving no file', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const out = tmp.file('view.png');
    expect(await wb.api['present.savePng']({ path: out, pngBase64: png.toString('base64') })).toEqual({ path: out, bytes: png.length });
    expect(readFileSync(out).equals(png)).toBe(true);

    const red = jpeg('red', 20, 10, [220, 30, 40]);
    await expect(wb.api['present.savePng']({ path: tmp.file('bad.png'), pngBase64: red })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(wb.api['present.savePng']({ path: tmp.file('view.txt'), pngBase64: png.toString('base64') })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(wb.api['present.savePdf']({ path: tmp.file('bad.pdf'), title: 'x', pages: [{ jpegBase64: png.toString('base64'), widthPx: 20, heightPx: 20 }] }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // The size given must be the image's.
    await expect(wb.api['present.savePdf']({ path: tmp.file('bad.pdf'), title: 'x', pages: [{ jpegBase64: red, widthPx: 21, heightPx: 10 }] }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(wb.api['present.savePdf']({ path: tmp.file('nowhere/x.pdf'), title: 'x', pages: [{ jpegBase64: red, widthPx: 20, heightPx: 10 }] }))
      .rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(existsSync(tmp.file('bad.png'))).toBe(false);
    expect(existsSync(tmp.file('bad.pdf'))).toBe(false);
    expect(readdirSync(tmp.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
