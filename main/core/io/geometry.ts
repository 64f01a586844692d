// The geometry every reader produces and every writer consumes: polygons as rings of flat [x0, y0, x1, y1, …]
// coordinates (closed: the last vertex repeats the first). Readers turn their format into this, the import
// transforms it in place and writes it as WKB; exports read WKB back into it.
//
// Only polygons: every layer of a workspace is a MULTIPOLYGON layer (shared/domain/layer-kinds.ts). Points and
// lines found in a file are reported per row as unsupported instead of being dropped silently.

export type Ring = Float64Array;
export type Polygon = Ring[];

/** What a reader hands over for one row: polygons, or why the row has none. */
export type RowGeometry =
  | { kind: 'polygons'; polygons: Polygon[] }
  | { kind: 'empty' }
  | { kind: 'unsupported'; type: string };

export function ringSignedArea(r: Ring): number {
  let s = 0;
  const n = r.length;
  for (let i = 0; i + 3 < n; i += 2) s += r[i]! * r[i + 3]! - r[i + 2]! * r[i + 1]!;
  return s / 2;
}

export function closeRing(r: Ring): Ring {
  const n = r.length;
  if (n >= 2 && (r[0] !== r[n - 2] || r[1] !== r[n - 1])) {
    const c = new Float64Array(n + 2);
    c.set(r);
    c[n] = r[0]!;
    c[n + 1] = r[1]!;
    return c;
  }
  return r;
}

function ringContains(r: Ring, x: number, y: number): boolean {
  let inside = false;
  const n = r.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const xi = r[i]!, yi = r[i + 1]!, xj = r[j]!, yj = r[j + 1]!;
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A point of ring a (a vertex midpoint) to test containment in another ring. */
function probe(r: Ring): [number, number] {
  return [(r[0]! + r[2]!) / 2, (r[1]! + r[3]!) / 2];
}

/**
 * Groups rings without structure (a shapefile polygon, a KML polygon with odd nesting) into polygons with holes.
 * Fast path: one ring, or one clockwise outer ring followed by counter-clockwise holes (the shapefile convention).
 * Otherwise a ring's nesting depth decides: even depth is an outer ring, odd depth a hole of the smallest ring
 * containing it (what GDAL's organizePolygons does for the common cases).
 */
export function organizeRings(rings: Ring[]): Polygon[] {
  const valid = rings.filter((r) => r.length >= 8);
  if (valid.length <= 1) return valid.length ? [[valid[0]!]] : [];
  const areas = valid.map(ringSignedArea);
  if (areas[0]! < 0 && areas.slice(1).every((a) => a > 0)) {
    // Shapefile order: outer clockwise, holes counter-clockwise. With a single outer no test is needed.
    return [valid];
  }
  const abs = areas.map(Math.abs);
  const order = valid.map((_, i) => i).sort((a, b) => abs[b]! - abs[a]!);
  const parent = new Array<number>(valid.length).fill(-1);
  const depth = new Array<number>(valid.length).fill(0);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const [px, py] = probe(valid[i]!);
    // Walk from the smallest bigger ring upwards: the first that contains it is the direct parent.
    for (let m = k - 1; m >= 0; m--) {
      const j = order[m]!;
      if (ringContains(valid[j]!, px, py)) {
        parent[i] = j;
        depth[i] = depth[j]! + 1;
        break;
      }
    }
  }
  const polygons = new Map<number, Polygon>();
  for (const i of order) {
    if (depth[i]! % 2 === 0) polygons.set(i, [valid[i]!]);
    else polygons.get(parent[i]!)?.push(valid[i]!);
  }
  return [...polygons.values()];
}

/** Applies a coordinate transform in place. */
export function transformPolygons(polys: Polygon[], fn: (xy: Float64Array) => void): void {
  for (const p of polys) for (const r of p) fn(r);
}

export function polygonsBbox(polys: Polygon[], into?: [number, number, number, number]): [number, number, number, number] {
  const b = into ?? [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of polys) {
    const r = p[0]!;
    for (let i = 0; i < r.length; i += 2) {
      const x = r[i]!, y = r[i + 1]!;
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    }
  }
  return b;
}

// ---- WKB ----------------------------------------------------------------------------------------------------------

/** MultiPolygon WKB, little-endian, 2D. */
export function multiPolygonWkb(polys: Polygon[]): Buffer {
  let size = 9;
  for (const p of polys) {
    size += 9;
    for (const r of p) size += 4 + r.length * 8;
  }
  const buf = Buffer.allocUnsafe(size);
  buf[0] = 1;
  buf.writeUInt32LE(6, 1);
  buf.writeUInt32LE(polys.length, 5);
  let at = 9;
  for (const p of polys) {
    buf[at] = 1;
    buf.writeUInt32LE(3, at + 1);
    buf.writeUInt32LE(p.length, at + 5);
    at += 9;
    for (const r of p) {
      buf.writeUInt32LE(r.length / 2, at);
      at += 4;
      // Copy the doubles as bytes: a Float64Array view of the target would need 8-byte alignment.
      const bytes = new Uint8Array(r.buffer, r.byteOffset, r.byteLength);
      if (isLittleEndianHost) buf.set(bytes, at);
      else for (let i = 0; i < r.length; i++) buf.writeDoubleLE(r[i]!, at + i * 8);
      at += r.byteLength;
    }
  }
  return buf;
}

const isLittleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reads WKB (ISO or EWKB-less OGC; Z/M ordinates dropped) into polygons, or says what else it holds. Handles Polygon,
 * MultiPolygon, GeometryCollection of polygons, and the curve-free subset GeoPackages hold.
 */
export function readWkb(buf: Uint8Array, offset = 0): RowGeometry {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = offset;
  const polygons: Polygon[] = [];
  let other: string | null = null;
  let any = false;
  const readRing = (le: boolean, dims: number): Ring => {
    const n = view.getUint32(at, le);
    at += 4;
    const r = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      r[i * 2] = view.getFloat64(at, le);
      r[i * 2 + 1] = view.getFloat64(at + 8, le);
      at += dims * 8;
    }
    return r;
  };
  const geometry = (): void => {
    const le = view.getUint8(at) === 1;
    let type = view.getUint32(at + 1, le);
    at += 5;
    let dims = 2;
    // EWKB flags (PostGIS-style) and ISO Z/M/ZM codes.
    if (type & 0x80000000) dims++;
    if (type & 0x40000000) dims++;
    if (type & 0x20000000) at += 4; // SRID
    type &= 0x0fffffff;
    if (type >= 3000) { dims = 4; type -= 3000; } else if (type >= 2000) { dims = 3; type -= 2000; } else if (type >= 1000) { dims = 3; type -= 1000; }
    switch (type) {
      case 3: {
        const n = view.getUint32(at, le);
        at += 4;
        const rings: Ring[] = [];
        for (let i = 0; i < n; i++) rings.push(readRing(le, dims));
        if (rings.length && rings[0]!.length) { polygons.push(rings.map(closeRing)); any = true; }
        return;
      }
      case 6: case 7: {
        const n = view.getUint32(at, le);
        at += 4;
        for (let i = 0; i < n; i++) geometry();
        return;
      }
      case 1: at += dims * 8; other ??= 'Point'; any = true; return;
      case 2: { const n = view.getUint32(at, le); at += 4 + n * dims * 8; other ??= 'LineString'; any = true; return; }
      case 4: case 5: {
        const n = view.getUint32(at, le);
        at += 4;
        for (let i = 0; i < n; i++) geometry();
        other = type === 4 ? 'MultiPoint' : 'MultiLineString';
        return;
      }
      default:
        other = `WKB type ${type}`;
        throw new UnsupportedGeometry(other);
    }
  };
  try {
    geometry();
  } catch (e) {
    if (e instanceof UnsupportedGeometry) return { kind: 'unsupported', type: e.type };
    throw e;
  }
  if (other) return { kind: 'unsupported', type: other };
  if (!any || !polygons.length) return { kind: 'empty' };
  return { kind: 'polygons', polygons };
}

class UnsupportedGeometry extends Error {
  constructor(readonly type: string) { super(type); }
}

// ---- WKT ----------------------------------------------------------------------------------------------------------

/** Parses POLYGON / MULTIPOLYGON / GEOMETRYCOLLECTION WKT (Z/M dropped; EWKT SRID prefix ignored). */
export function readWkt(text: string): RowGeometry {
  let s = text.trim();
  const semi = /^SRID=\d+;/i.exec(s);
  if (semi) s = s.slice(semi[0].length);
  if (!s) return { kind: 'empty' };
  let at = 0;
  const ws = () => { while (at < s.length && /\s/.test(s[at]!)) at++; };
  const word = (): string => {
    ws();
    const m = /^[A-Za-z]+/.exec(s.slice(at));
    if (!m) throw new Error(`expected a geometry type at character ${at + 1}`);
    at += m[0].length;
    return m[0].toUpperCase();
  };
  const expect = (c: string) => {
    ws();
    if (s[at] !== c) throw new Error(`expected "${c}" at character ${at + 1}`);
    at++;
  };
  const peek = () => { ws(); return s[at]; };
  const isEmpty = () => {
    ws();
    if (/^EMPTY/i.test(s.slice(at, at + 5))) { at += 5; return true; }
    return false;
  };
  const ring = (): Ring => {
    expect('(');
    const out: number[] = [];
    for (;;) {
      ws();
      const m = /^[-+0-9.eE]+(\s+[-+0-9.eE]+)+/.exec(s.slice(at));
      if (!m) throw new Error(`expected coordinates at character ${at + 1}`);
      const parts = m[0].trim().split(/\s+/).map(Number);
      if (parts.some((v) => !Number.isFinite(v))) throw new Error(`bad number near character ${at + 1}`);
      out.push(parts[0]!, parts[1]!);
      at += m[0].length;
      if (peek() === ',') { at++; continue; }
      expect(')');
      return closeRing(Float64Array.from(out));
    }
  };
  const polygon = (): Polygon => {
    if (isEmpty()) return [];
    expect('(');
    const rings: Ring[] = [ring()];
    while (peek() === ',') { at++; rings.push(ring()); }
    expect(')');
    return rings;
  };
  const polygons: Polygon[] = [];
  let other: string | null = null;
  const geom = (): void => {
    let type = word();
    ws();
    const zm = /^(ZM|Z|M)\b/i.exec(s.slice(at));
    if (zm) at += zm[0].length;
    type = type.replace(/(ZM|Z|M)$/, '');
    if (type === 'POLYGON') { const p = polygon(); if (p.length) polygons.push(p); return; }
    if (type === 'MULTIPOLYGON') {
      if (isEmpty()) return;
      expect('(');
      for (;;) {
        const p = polygon();
        if (p.length) polygons.push(p);
        if (peek() === ',') { at++; continue; }
        break;
      }
      expect(')');
      return;
    }
    if (type === 'GEOMETRYCOLLECTION') {
      if (isEmpty()) return;
      expect('(');
      for (;;) {
        geom();
        if (peek() === ',') { at++; continue; }
        break;
      }
      expect(')');
      return;
    }
    if (['POINT', 'LINESTRING', 'MULTIPOINT', 'MULTILINESTRING'].includes(type)) {
      other ??= type;
      // Skip the balanced parentheses.
      if (isEmpty()) return;
      let depth = 0;
      do {
        const c = s[at++];
        if (c === '(') depth++;
        else if (c === ')') depth--;
        if (at > s.length) throw new Error('unbalanced parentheses');
      } while (depth > 0);
      return;
    }
    throw new Error(`unsupported WKT type ${type}`);
  };
  geom();
  if (other) return { kind: 'unsupported', type: other };
  return polygons.length ? { kind: 'polygons', polygons } : { kind: 'empty' };
}

// ---- GeoJSON geometry -----------------------------------------------------------------------------------------------

type Pos = number[];
export function readGeoJsonGeometry(g: { type?: string; coordinates?: unknown; geometries?: unknown[] } | null | undefined): RowGeometry {
  if (!g || !g.type) return { kind: 'empty' };
  const ring = (c: Pos[]): Ring => {
    const r = new Float64Array(c.length * 2);
    for (let i = 0; i < c.length; i++) {
      const p = c[i]!;
      r[i * 2] = Number(p[0]);
      r[i * 2 + 1] = Number(p[1]);
    }
    return closeRing(r);
  };
  switch (g.type) {
    case 'Polygon': {
      const c = g.coordinates as Pos[][];
      return c?.length ? { kind: 'polygons', polygons: [c.map(ring)] } : { kind: 'empty' };
    }
    case 'MultiPolygon': {
      const c = (g.coordinates as Pos[][][] | undefined)?.filter((p) => p.length) ?? [];
      return c.length ? { kind: 'polygons', polygons: c.map((p) => p.map(ring)) } : { kind: 'empty' };
    }
    case 'GeometryCollection': {
      const polygons: Polygon[] = [];
      for (const sub of g.geometries ?? []) {
        const r = readGeoJsonGeometry(sub as typeof g);
        if (r.kind === 'unsupported') return r;
        if (r.kind === 'polygons') polygons.push(...r.polygons);
      }
      return polygons.length ? { kind: 'polygons', polygons } : { kind: 'empty' };
    }
    default:
      return { kind: 'unsupported', type: g.type };
  }
}

// ---- SpatiaLite BLOB ------------------------------------------------------------------------------------------------

/**
 * The SpatiaLite internal BLOB of a MultiPolygon (little-endian, XY, uncompressed), what GeomFromWKB would store. A
 * bulk import writes it directly: parsing WKB in SQL and the per-row geometry triggers cost more than the rest of
 * the insert. Layout: 00 | 01 | srid | mbr (4 doubles) | 7C | class | n | (69 | 3 | rings | points…)* | FE.
 */
export function spatialiteMultiPolygon(polys: Polygon[], srid: number): Buffer {
  let size = 43 + 4 + 1;
  for (const p of polys) {
    size += 9;
    for (const r of p) size += 4 + r.length * 8;
  }
  const buf = Buffer.allocUnsafe(size);
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  buf[0] = 0x00;
  buf[1] = 0x01;
  buf.writeInt32LE(srid, 2);
  buf[38] = 0x7c;
  buf.writeInt32LE(6, 39);
  buf.writeInt32LE(polys.length, 43);
  let at = 47;
  for (const p of polys) {
    buf[at] = 0x69;
    buf.writeInt32LE(3, at + 1);
    buf.writeInt32LE(p.length, at + 5);
    at += 9;
    for (const r of p) {
      buf.writeInt32LE(r.length / 2, at);
      at += 4;
      for (let i = 0; i < r.length; i += 2) {
        const x = r[i]!, y = r[i + 1]!;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
      if (isLittleEndianHost) buf.set(new Uint8Array(r.buffer, r.byteOffset, r.byteLength), at);
      else for (let i = 0; i < r.length; i++) buf.writeDoubleLE(r[i]!, at + i * 8);
      at += r.byteLength;
    }
  }
  buf.writeDoubleLE(x0, 6);
  buf.writeDoubleLE(y0, 14);
  buf.writeDoubleLE(x1, 22);
  buf.writeDoubleLE(y1, 30);
  buf[at] = 0xfe;
  return buf;
}
