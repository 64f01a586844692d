// ESRI shapefiles: a focused reader (polygons straight to our rings, no intermediate GeoJSON; tested against GDAL
// on the same files) and a writer of .shp/.shx/.dbf/.prj/.cpg. Shapes are read through the .shx index, which is
// required as GDAL requires it: a missing or inconsistent index is a clear error, not a guess.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ByteSource } from './bytes.js';
import { closeRing, organizeRings, ringSignedArea, type Polygon, type Ring, type RowGeometry } from './geometry.js';

export class ShapefileError extends Error {}

export const SHP_NULL = 0, SHP_POINT = 1, SHP_POLYLINE = 3, SHP_POLYGON = 5, SHP_MULTIPOINT = 8;

const TYPE_NAMES: Record<number, string> = {
  0: 'Null', 1: 'Point', 3: 'PolyLine', 5: 'Polygon', 8: 'MultiPoint', 11: 'PointZ', 13: 'PolyLineZ', 15: 'PolygonZ',
  18: 'MultiPointZ', 21: 'PointM', 23: 'PolyLineM', 25: 'PolygonM', 28: 'MultiPointM', 31: 'MultiPatch',
};

export function shapeTypeName(t: number): string {
  return TYPE_NAMES[t] ?? `type ${t}`;
}

export class ShpReader {
  readonly shapeType: number;
  readonly bbox: [number, number, number, number];
  readonly count: number;

  constructor(private readonly src: ByteSource, private readonly shx: Buffer) {
    if (src.length < 100) throw new ShapefileError('.shp 文件不完整（短于文件头）/ the .shp is shorter than its 100-byte header');
    const shp = Buffer.from(src.view(0, 100));
    if (shp.readInt32BE(0) !== 9994) throw new ShapefileError('.shp 不是 shapefile（文件标识不是 9994）/ the .shp is not a shapefile (file code is not 9994)');
    if (shx.length < 100 || shx.readInt32BE(0) !== 9994) throw new ShapefileError('.shx 索引文件无效 / the .shx index is not a shapefile index');
    this.shapeType = shp.readInt32LE(32);
    this.bbox = [shp.readDoubleLE(36), shp.readDoubleLE(44), shp.readDoubleLE(52), shp.readDoubleLE(60)];
    this.count = Math.floor((shx.length - 100) / 8);
    const declared = shp.readInt32BE(24) * 2;
    if (declared > src.length) {
      throw new ShapefileError(`.shp 文件被截断：文件头声明 ${declared} 字节，实际 ${src.length} 字节 / the .shp is truncated: its header says ${declared} bytes, the file has ${src.length}`);
    }
  }

  /** Byte offset and content length of record `i` (0-based), checked against the file. */
  private locate(i: number): [number, number] {
    const offset = this.shx.readInt32BE(100 + i * 8) * 2;
    const length = this.shx.readInt32BE(104 + i * 8) * 2;
    if (offset < 100 || offset + 8 + length > this.src.length) {
      throw new ShapefileError(`.shp 与 .shx 不一致或文件被截断：第 ${i + 1} 个要素的位置超出文件 / the .shp is truncated or does not match its .shx: record ${i + 1} lies beyond the end of the file`);
    }
    return [offset + 8, length];
  }

  geometry(i: number): RowGeometry {
    const [start, length] = this.locate(i);
    if (length < 4) return { kind: 'empty' };
    const shp = this.src.view(start, length);
    const at = 0;
    const type = shp.readInt32LE(at);
    if (type === SHP_NULL) return { kind: 'empty' };
    const base = type % 10;
    if (base !== SHP_POLYGON) {
      if (type === 31) return { kind: 'unsupported', type: 'MultiPatch' };
      return { kind: 'unsupported', type: shapeTypeName(type) };
    }
    if (length < 44) throw new ShapefileError(`.shp 第 ${i + 1} 个要素的记录损坏 / record ${i + 1} of the .shp is corrupt (too short)`);
    const numParts = shp.readInt32LE(at + 36);
    const numPoints = shp.readInt32LE(at + 40);
    const partsAt = at + 44;
    const pointsAt = partsAt + numParts * 4;
    if (numParts < 0 || numPoints < 0 || pointsAt + numPoints * 16 > at + length) {
      throw new ShapefileError(`.shp 第 ${i + 1} 个要素的记录损坏（部件或点数超出记录长度）/ record ${i + 1} of the .shp is corrupt: its parts and points do not fit its length`);
    }
    if (numPoints === 0) return { kind: 'empty' };
    // One copy of all xy into aligned memory; rings are views into it.
    const xy = new Float64Array(shp.buffer.slice(shp.byteOffset + pointsAt, shp.byteOffset + pointsAt + numPoints * 16));
    const rings: Ring[] = [];
    for (let p = 0; p < numParts; p++) {
      const start = shp.readInt32LE(partsAt + p * 4);
      const end = p + 1 < numParts ? shp.readInt32LE(partsAt + (p + 1) * 4) : numPoints;
      if (start < 0 || end > numPoints || end < start) {
        throw new ShapefileError(`.shp 第 ${i + 1} 个要素的部件索引损坏 / record ${i + 1} of the .shp has corrupt part indexes`);
      }
      if (end - start >= 3) rings.push(closeRing(xy.subarray(start * 2, end * 2)));
    }
    const polygons = numParts === 1 ? (rings.length ? [[rings[0]!]] : []) : organizeRings(rings);
    return polygons.length ? { kind: 'polygons', polygons } : { kind: 'empty' };
  }
}

// ---- Writer ---------------------------------------------------------------------------------------------------------

/**
 * Writes polygons as a Polygon shapefile (.shp + .shx), streaming: outer rings clockwise, holes counter-clockwise as the
 * format requires, whatever orientation the input had.
 */
export class ShpWriter {
  private readonly shpFd: number;
  private readonly shxFd: number;
  private offsetWords = 50;
  private n = 0;
  private readonly bbox = [Infinity, Infinity, -Infinity, -Infinity];

  constructor(private readonly shpPath: string, private readonly shxPath: string) {
    this.shpFd = openSync(shpPath, 'w');
    this.shxFd = openSync(shxPath, 'w');
    const blank = Buffer.alloc(100);
    writeSync(this.shpFd, blank);
    writeSync(this.shxFd, blank);
  }

  add(polys: Polygon[] | null): void {
    this.n++;
    let content: Buffer;
    if (!polys || !polys.length) {
      content = Buffer.alloc(4);
      content.writeInt32LE(SHP_NULL, 0);
    } else {
      const rings: Ring[] = [];
      for (const p of polys) {
        p.forEach((r, k) => {
          const cw = ringSignedArea(r) < 0;
          rings.push(cw === (k === 0) ? r : reversed(r));
        });
      }
      const numPoints = rings.reduce((s, r) => s + r.length / 2, 0);
      content = Buffer.alloc(44 + rings.length * 4 + numPoints * 16);
      content.writeInt32LE(SHP_POLYGON, 0);
      const b = [Infinity, Infinity, -Infinity, -Infinity];
      let at = 44 + rings.length * 4;
      let start = 0;
      rings.forEach((r, k) => {
        content.writeInt32LE(start, 44 + k * 4);
        start += r.length / 2;
        for (let i = 0; i < r.length; i += 2) {
          const x = r[i]!, y = r[i + 1]!;
          content.writeDoubleLE(x, at);
          content.writeDoubleLE(y, at + 8);
          at += 16;
          if (x < b[0]!) b[0] = x;
          if (y < b[1]!) b[1] = y;
          if (x > b[2]!) b[2] = x;
          if (y > b[3]!) b[3] = y;
        }
      });
      for (let k = 0; k < 4; k++) content.writeDoubleLE(b[k]!, 4 + k * 8);
      content.writeInt32LE(rings.length, 36);
      content.writeInt32LE(numPoints, 40);
      this.bbox[0] = Math.min(this.bbox[0]!, b[0]!);
      this.bbox[1] = Math.min(this.bbox[1]!, b[1]!);
      this.bbox[2] = Math.max(this.bbox[2]!, b[2]!);
      this.bbox[3] = Math.max(this.bbox[3]!, b[3]!);
    }
    const head = Buffer.alloc(8);
    head.writeInt32BE(this.n, 0);
    head.writeInt32BE(content.length / 2, 4);
    const idx = Buffer.alloc(8);
    idx.writeInt32BE(this.offsetWords, 0);
    idx.writeInt32BE(content.length / 2, 4);
    writeSync(this.shpFd, head);
    writeSync(this.shpFd, content);
    writeSync(this.shxFd, idx);
    this.offsetWords += (8 + content.length) / 2;
  }

  close(): void {
    const header = (lengthWords: number) => {
      const h = Buffer.alloc(100);
      h.writeInt32BE(9994, 0);
      h.writeInt32BE(lengthWords, 24);
      h.writeInt32LE(1000, 28);
      h.writeInt32LE(SHP_POLYGON, 32);
      const b = this.n && Number.isFinite(this.bbox[0]!) ? this.bbox : [0, 0, 0, 0];
      for (let k = 0; k < 4; k++) h.writeDoubleLE(b[k]!, 36 + k * 8);
      return h;
    };
    writeSync(this.shpFd, header(this.offsetWords), 0, 100, 0);
    writeSync(this.shxFd, header(50 + this.n * 4), 0, 100, 0);
    closeSync(this.shpFd);
    closeSync(this.shxFd);
  }

  abort(): void {
    try { closeSync(this.shpFd); } catch { /* already closed */ }
    try { closeSync(this.shxFd); } catch { /* already closed */ }
  }

  get paths(): string[] { return [this.shpPath, this.shxPath]; }
}

function reversed(r: Ring): Ring {
  const out = new Float64Array(r.length);
  for (let i = 0, j = r.length - 2; i < r.length; i += 2, j -= 2) {
    out[i] = r[j]!;
    out[i + 1] = r[j + 1]!;
  }
  return out;
}
