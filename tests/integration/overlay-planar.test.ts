// The exact planar relations (main/core/overlay/planar.ts) agree with GEOS's DE-9IM on thousands of generated pairs
// full of degenerate contacts: a jittered tessellation (shared edges, shared vertices), unions of its cells (holes,
// parts touching at a point, vertices of one on edges of the other), lattice triangles and rectangles, at small
// integer coordinates and at Gauss–Krüger magnitudes with millimetres (not exact in binary).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/core/db/spatialite.js';
import { parsePolygons, parseSnapped, snapPolygons } from '../../main/core/overlay/geom.js';
import { relate, relateScratch, Rel, Shape, simpleValid } from '../../main/core/overlay/planar.js';

let db: Db;
beforeAll(() => { db = openDatabase(':memory:'); });
afterAll(() => db.close());

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(seed: number, fmt: (v: number, axis: 0 | 1) => string): { parcels: string[]; lines: string[] } {
  const rnd = prng(seed);
  const N = 9, S = 20;
  const pt = (x: number, y: number) => `${fmt(x, 0)} ${fmt(y, 1)}`;
  const grid: [number, number][][] = [];
  for (let i = 0; i <= N; i++) {
    grid.push([]);
    for (let j = 0; j <= N; j++) {
      const edge = i === 0 || j === 0 || i === N || j === N;
      // Some vertices stay on the lattice (collinear runs), the others move by up to 4.
      const jx = edge || rnd() < 0.4 ? 0 : Math.round((rnd() - 0.5) * 8), jy = edge || rnd() < 0.4 ? 0 : Math.round((rnd() - 0.5) * 8);
      grid[i]!.push([i * S + jx, j * S + jy]);
    }
  }
  const cell = (i: number, j: number) => `POLYGON((${[grid[i]![j]!, grid[i + 1]![j]!, grid[i + 1]![j + 1]!, grid[i]![j + 1]!, grid[i]![j]!].map(([x, y]) => pt(x, y)).join(', ')}))`;
  const cells: string[] = [];
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) cells.push(cell(i, j));
  const union = (wkts: string[]) => (db.prepare(`SELECT AsText(ST_Union(GeomFromText(value))) w FROM json_each(?)`).get(JSON.stringify(wkts)) as { w: string }).w;
  const parcels = [...cells];
  // Parcels of two cells (a long edge with a vertex in its middle on the neighbours' side).
  for (let k = 0; k < 10; k++) {
    const i = Math.floor(rnd() * (N - 1)), j = Math.floor(rnd() * N);
    parcels.push(union([cell(i, j), cell(i + 1, j)]));
  }
  const lines: string[] = [];
  for (let k = 0; k < 15; k++) lines.push(cells[Math.floor(rnd() * cells.length)]!); // copies
  for (let k = 0; k < 25; k++) {
    // A random blob of cells: holes, parts touching at corners, boundaries along the parcels'.
    const pick = cells.filter(() => rnd() < 0.25 + 0.5 * rnd() * rnd());
    if (pick.length) lines.push(union(pick));
  }
  // The same blobs densified (a vertex every 3 units): hundreds of edges, many vertices in the middle of the other
  // shapes' edges.
  const dense = (w: string) => (db.prepare('SELECT AsText(ST_Segmentize(GeomFromText(?), 3)) w').get(w) as { w: string }).w;
  for (const w of lines.slice(-25)) lines.push(dense(w));
  for (let k = 0; k < 8; k++) parcels.push(dense(parcels[Math.floor(rnd() * parcels.length)]!));
  // Small features inside or across cells: half a cell cut along its diagonal, a box from a cell corner, a sliver.
  for (let k = 0; k < 20; k++) {
    const i = Math.floor(rnd() * N), j = Math.floor(rnd() * N);
    const a = grid[i]![j]!, b = grid[i + 1]![j]!, c = grid[i + 1]![j + 1]!;
    const [ax, ay] = a;
    const pick = k % 4;
    const ring: [number, number][] = pick === 0 ? [a, b, c, a] : pick === 1 ? [a, [ax + 5, ay], [ax + 5, ay + 5], [ax, ay + 5], a]
      : pick === 2 ? [a, b, [b[0], b[1] + 1], a] : [[ax + 3, ay + 3], [ax + 8, ay + 3], [ax + 8, ay + 8], [ax + 3, ay + 8], [ax + 3, ay + 3]];
    lines.push(`POLYGON((${ring.map(([x, y]) => pt(x, y)).join(', ')}))`);
  }
  const lat = () => Math.round(rnd() * N) * S;
  const half = () => Math.round(rnd() * N * 2) * (S / 2);
  for (let k = 0; k < 20; k++) {
    const tri: [number, number][] = [[lat(), lat()], [half(), half()], [lat(), half()]];
    lines.push(`POLYGON((${[...tri, tri[0]!].map(([x, y]) => pt(x, y)).join(', ')}))`);
  }
  for (let k = 0; k < 15; k++) {
    const x0 = half(), y0 = half(), x1 = x0 + S * (1 + Math.floor(rnd() * 4)), y1 = y0 + S * (1 + Math.floor(rnd() * 4));
    lines.push(`POLYGON((${pt(x0, y0)}, ${pt(x1, y0)}, ${pt(x1, y1)}, ${pt(x0, y1)}, ${pt(x0, y0)}))`);
  }
  return { parcels, lines };
}

let bigPairs = 0;

function check(seed: number, fmt: (v: number, axis: 0 | 1) => string): { pairs: number; byRel: number[] } {
  const { parcels, lines } = generate(seed, fmt);
  const geom = db.prepare('SELECT ST_IsValid(GeomFromText(?)) v, AsBinary(GeomFromText(?)) w');
  const load = (wkts: string[]) => wkts.map((w) => geom.get(w, w) as { v: number; w: Buffer }).filter((r) => r.v === 1).map((r) => r.w);
  const P = load(parcels), L = load(lines);
  // GEOS's DE-9IM matrix of P against L (one call): interiors meet, L covers P, P covers L.
  const relStmt = db.prepare('SELECT ST_Relate(GeomFromWKB(?), GeomFromWKB(?)) m');
  const truth = { get(p: Buffer, l: Buffer) {
    const m = (relStmt.get(p, l) as { m: string }).m;
    const meets = m[0] !== 'F' || m[1] !== 'F' || m[3] !== 'F' || m[4] !== 'F';
    return { meet: m[0] !== 'F' ? 1 : 0, lp: meets && m[2] === 'F' && m[5] === 'F' ? 1 : 0, pl: meets && m[6] === 'F' && m[7] === 'F' ? 1 : 0 };
  } };
  const scratch = relateScratch();
  const byRel = [0, 0, 0, 0];
  let pairs = 0;
  const Ls = L.map((w) => new Shape(parsePolygons(w)));
  P.forEach((pw, pi) => {
    const ps = new Shape(parsePolygons(pw));
    L.forEach((lw, li) => {
      const t = truth.get(pw, lw) as { meet: number; lp: number; pl: number };
      const want = t.meet !== 1 ? Rel.Disjoint : t.lp === 1 ? Rel.Covered : t.pl === 1 ? Rel.Contains : Rel.Partial;
      const got = relate(ps, Ls[li]!, scratch);
      byRel[want]!++;
      pairs++;
      if (got !== want) expect.fail(`seed ${seed} parcel ${pi} line ${li}: got ${got}, GEOS says ${want}\n${parcels[pi]}\n${lines[li]}`);
      // And the other way round (the line feature as the subject).
      const swapped = want === Rel.Covered ? Rel.Contains : want === Rel.Contains ? Rel.Covered : want;
      if (t.lp === 1 && t.pl === 1) return; // equal shapes: Covered both ways
      const back = relate(Ls[li]!, ps, scratch);
      byRel[swapped]!++;
      pairs++;
      if (back !== swapped) expect.fail(`seed ${seed} line ${li} parcel ${pi}: got ${back}, GEOS says ${swapped}\n${lines[li]}\n${parcels[pi]}`);
    });
  });
  // The lines against each other: unions of many cells have hundreds of edges (indexed, big against big).
  bigPairs += Ls.filter((x) => x.edges > 96).length ** 2;
  Ls.forEach((a, i) => Ls.forEach((b, j) => {
    if (i === j) return;
    const t = truth.get(L[i]!, L[j]!) as { meet: number; lp: number; pl: number };
    const want = t.meet !== 1 ? Rel.Disjoint : t.lp === 1 ? Rel.Covered : t.pl === 1 ? Rel.Contains : Rel.Partial;
    const got = relate(a, b, scratch);
    byRel[want]!++;
    pairs++;
    if (got !== want) expect.fail(`seed ${seed} line ${i} line ${j}: got ${got}, GEOS says ${want}\n${lines[i]}\n${lines[j]}`);
  }));
  return { pairs, byRel };
}

describe('planar relations against GEOS', () => {
  it('at small integer coordinates (every degenerate contact exact)', () => {
    let total = 0;
    const seen = [0, 0, 0, 0];
    for (const seed of [1, 2]) {
      const r = check(seed, (v) => String(v));
      total += r.pairs;
      r.byRel.forEach((n, i) => { seen[i]! += n; });
    }
    expect(total).toBeGreaterThan(40_000);
    console.log(`planar vs GEOS: ${total} pairs (${bigPairs} between indexed shapes); disjoint, covered, contains, partial: ${seen.join(', ')}`);
    expect(bigPairs).toBeGreaterThan(400);
    // Every relation occurs many times.
    for (const n of seen) expect(n).toBeGreaterThan(1000);
  });

  it('at Gauss–Krüger magnitudes with millimetre coordinates', () => {
    const fmt = (v: number, axis: 0 | 1) => ((axis === 0 ? 40_459_514.969 : 3_513_193.134) + v * 0.731).toFixed(3);
    check(11, fmt);
  });
});

describe('validity without GEOS', () => {
  it('never calls a ring valid that GEOS finds invalid, and settles most valid ones', () => {
    const rnd = prng(7);
    const stmt = db.prepare("SELECT ST_IsValidReason(GeomFromText(?)) r, AsBinary(GeomFromText(?)) w");
    let valid = 0, settled = 0, invalid = 0;
    for (let k = 0; k < 6000; k++) {
      // Random rings on a small lattice: self-touching, folding, repeated and collinear vertices are common.
      const n = 3 + Math.floor(rnd() * 6);
      const pts: [number, number][] = [];
      if (k % 3 === 0) {
        // Star-shaped (mostly valid), sometimes with a repeated or a collinear vertex.
        const angles = Array.from({ length: n }, () => rnd() * 2 * Math.PI).sort((a, b) => a - b);
        for (const a of angles) pts.push([Math.round(10 + 8 * Math.cos(a) * (0.4 + rnd())), Math.round(10 + 8 * Math.sin(a) * (0.4 + rnd()))]);
        if (rnd() < 0.2) pts.splice(1, 0, pts[1]!);
      } else {
        for (let i = 0; i < n; i++) pts.push([Math.floor(rnd() * 5), Math.floor(rnd() * 5)]);
      }
      const fmt = k % 2 ? (v: number) => String(v) : (v: number) => (40_459_514.969 + v * 0.731).toFixed(3);
      const wkt = `POLYGON((${[...pts, pts[0]!].map(([x, y]) => `${fmt(x)} ${fmt(y)}`).join(', ')}))`;
      const t = stmt.get(wkt, wkt) as { r: string | null; w: Buffer | null };
      if (!t.w) continue;
      const ok = simpleValid(parsePolygons(t.w));
      if (t.r === 'Valid Geometry') { valid++; if (ok) settled++; } else {
        invalid++;
        if (ok) expect.fail(`simpleValid accepts what GEOS rejects (${t.r}): ${wkt}`);
      }
    }
    expect(invalid).toBeGreaterThan(1000);
    expect(valid).toBeGreaterThan(1000);
    expect(settled).toBe(valid);
  });
});

describe('snapping in JS', () => {
  it('gives exactly what ST_SnapToGrid gives, on every layer of a generated sample, at three grid sizes', async () => {
    const { spawnSync } = await import('node:child_process');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sanxian-snap-'));
    try {
      const file = path.join(dir, 's.sqlite');
      const cli = path.resolve(__dirname, '..', '..', 'bin', 'sanxian.cjs');
      const g = spawnSync(process.execPath, [cli, 'sample', file, '--parcels', '2000', '--seed', '5'], { encoding: 'utf8' });
      expect(g.status, g.stderr).toBe(0);
      const ws = openDatabase(file, { readonly: true });
      try {
        const tables = (ws.prepare('SELECT table_name t FROM sx_layers').all() as { t: string }[]).map((r) => r.t);
        let coords = 0;
        for (const size of [0.001, 1e-6, 0.5]) {
          for (const t of tables) {
            const rows = ws.prepare(`SELECT AsBinary(geom) w, AsBinary(ST_SnapToGrid(geom, ?)) s FROM "${t}"`).all(size) as { w: Buffer | null; s: Buffer | null }[];
            for (const r of rows) {
              const mine = snapPolygons(parsePolygons(r.w), size), theirs = parsePolygons(r.s);
              // The one-pass reader gives the same rings.
              expect(parseSnapped(r.w, size).map((p) => p.map((x) => Array.from(x)))).toEqual(mine.map((p) => p.map((x) => Array.from(x))));
              expect(mine.length).toBe(theirs.length);
              mine.forEach((p, i) => {
                expect(p.length).toBe(theirs[i]!.length);
                p.forEach((ring, k) => { expect(Array.from(ring)).toEqual(Array.from(theirs[i]![k]!)); coords += ring.length; });
              });
            }
          }
        }
        expect(coords).toBeGreaterThan(100_000);
        // Ties go to even, as C's rint: 0.0025 / 0.001 is not exactly 2.5 in binary, 2.5 itself is.
        const tie = ws.prepare("SELECT AsBinary(ST_SnapToGrid(GeomFromText('POLYGON((2.5 0.5, 3.5 0.5, 3.5 1.5, 2.5 0.5))'), 1)) s").get() as { s: Buffer };
        const poly = [[new Float64Array([2.5, 0.5, 3.5, 0.5, 3.5, 1.5, 2.5, 0.5])]];
        expect(snapPolygons(poly, 1).map((p) => p.map((r) => Array.from(r)))).toEqual(parsePolygons(tie.s).map((p) => p.map((r) => Array.from(r))));
      } finally {
        ws.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
