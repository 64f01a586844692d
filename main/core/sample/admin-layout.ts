// Towns and villages as groups of parcels. Each cell goes to a town by weighted distance to the town seats (with
// noise, so borders wander), then to a village of that town by k-means over the town's parcels (equal parcel
// counts: small communities in town, large villages in the countryside). Disconnected bits are merged into a
// neighbour, so every town and village is one contiguous piece; the three pilot villages of 朱林镇 are chosen to
// be mutual neighbours.
import { PILOT, TOWNS, type Geography, type VillageDef } from './district.js';
import { Rng, fbm, subSeed } from './prng.js';
import type { Tessellation } from './tessellation.js';

export interface AdminLayout {
  /** Town index (into TOWNS) per cell. */
  town: Int8Array;
  /** Village index (into villages) per cell. */
  village: Int16Array;
  /** Villages in output order: by town, then by distance from the seat. */
  villages: (VillageDef & { townIndex: number })[];
}

function townAssignment(t: Tessellation, geo: Geography, seed: number): Int8Array {
  const town = new Int8Array(t.count);
  const seeds = geo.towns.map((_, i) => subSeed(seed, `town-border-${i}`));
  for (let k = 0; k < t.count; k++) {
    const x = t.seedX[k]!, y = t.seedY[k]!;
    let best = 0, bestScore = Infinity;
    geo.towns.forEach((tw, i) => {
      const d = Math.hypot(x - tw.x, y - tw.y);
      // Noise fades out near the seat, so each seat stays in its own town.
      const s = d - tw.def.weight + 1400 * Math.min(1, d / 3000) * fbm(seeds[i]!, x, y, 6000, 2);
      if (s < bestScore) { bestScore = s; best = i; }
    });
    town[k] = best;
  }
  mergeFragments(t, town, () => true);
  return town;
}

/**
 * Makes every label's region connected: all but the largest component of each label are merged into the most
 * common neighbouring label (restricted by `allowed`). Repeats until stable.
 */
function mergeFragments(t: Tessellation, label: Int8Array | Int16Array, allowed: (from: number, to: number, k: number) => boolean): void {
  for (let round = 0; round < 20; round++) {
    const lc = componentsByLabel(t, label);
    let changed = false;
    for (const [lab, comps] of lc) {
      if (comps.length <= 1) continue;
      comps.sort((a, b) => b.length - a.length || a[0]! - b[0]!);
      for (const cells of comps.slice(1)) {
        const votes = new Map<number, number>();
        const inComp = new Set(cells);
        for (const k of cells) {
          for (let q = t.off[k]!; q < t.off[k + 1]!; q++) {
            const j = t.nbr[q]!;
            if (j < 0 || inComp.has(j)) continue;
            const to = label[j]!;
            if (to === lab || !allowed(lab, to, k)) continue;
            votes.set(to, (votes.get(to) ?? 0) + 1);
          }
        }
        let best = -1, bestVotes = 0;
        for (const [to, v] of [...votes].sort((a, b) => a[0] - b[0])) if (v > bestVotes) { best = to; bestVotes = v; }
        if (best < 0) continue;
        for (const k of cells) label[k] = best;
        changed = true;
      }
    }
    if (!changed) return;
  }
}

function componentsByLabel(t: Tessellation, label: Int8Array | Int16Array): Map<number, number[][]> {
  const seen = new Uint8Array(t.count);
  const out = new Map<number, number[][]>();
  const stack: number[] = [];
  for (let s = 0; s < t.count; s++) {
    if (seen[s]) continue;
    const lab = label[s]!;
    const cells: number[] = [];
    seen[s] = 1;
    stack.push(s);
    while (stack.length) {
      const k = stack.pop()!;
      cells.push(k);
      for (let q = t.off[k]!; q < t.off[k + 1]!; q++) {
        const j = t.nbr[q]!;
        if (j >= 0 && !seen[j] && label[j] === lab) { seen[j] = 1; stack.push(j); }
      }
    }
    let l = out.get(lab);
    if (!l) out.set(lab, (l = []));
    l.push(cells);
  }
  return out;
}

/** Deterministic k-means++ then Lloyd iterations over points; returns centroids (flat). */
function kMeans(xs: Float64Array, ys: Float64Array, k: number, rng: Rng, iterations = 12): Float64Array {
  const n = xs.length;
  const c = new Float64Array(k * 2);
  const d2 = new Float64Array(n).fill(Infinity);
  let first = rng.int(n);
  for (let m = 0; m < k; m++) {
    c[2 * m] = xs[first]!; c[2 * m + 1] = ys[first]!;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const dx = xs[i]! - c[2 * m]!, dy = ys[i]! - c[2 * m + 1]!;
      d2[i] = Math.min(d2[i]!, dx * dx + dy * dy);
      total += d2[i]!;
    }
    let r = rng.next() * total;
    first = n - 1;
    for (let i = 0; i < n; i++) { r -= d2[i]!; if (r < 0) { first = i; break; } }
  }
  const assign = new Int32Array(n);
  for (let it = 0; it < iterations; it++) {
    const sx = new Float64Array(k), sy = new Float64Array(k), cnt = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      let best = 0, bd = Infinity;
      for (let m = 0; m < k; m++) {
        const dx = xs[i]! - c[2 * m]!, dy = ys[i]! - c[2 * m + 1]!;
        const d = dx * dx + dy * dy;
        if (d < bd) { bd = d; best = m; }
      }
      assign[i] = best;
      sx[best] = sx[best]! + xs[i]!; sy[best] = sy[best]! + ys[i]!; cnt[best] = cnt[best]! + 1;
    }
    for (let m = 0; m < k; m++) {
      if (cnt[m]! > 0) { c[2 * m] = sx[m]! / cnt[m]!; c[2 * m + 1] = sy[m]! / cnt[m]!; continue; }
      // Empty cluster: restart it at the point farthest from its current centre.
      let far = 0, fd = -1;
      for (let i = 0; i < n; i++) {
        const a = assign[i]!;
        const dx = xs[i]! - c[2 * a]!, dy = ys[i]! - c[2 * a + 1]!;
        const d = dx * dx + dy * dy;
        if (d > fd) { fd = d; far = i; }
      }
      c[2 * m] = xs[far]!; c[2 * m + 1] = ys[far]!;
    }
  }
  return c;
}

export function layoutAdmin(t: Tessellation, geo: Geography, villageDefs: VillageDef[], seed: number): AdminLayout {
  const town = townAssignment(t, geo, seed);
  const village = new Int16Array(t.count).fill(-1);
  const villages: AdminLayout['villages'] = [];
  const rng = new Rng(subSeed(seed, 'villages'));
  // Cluster label per cell within its town: global cluster id = base[town] + m.
  const cluster = new Int16Array(t.count);
  const base: number[] = [];
  let nClusters = 0;
  const townCells: number[][] = TOWNS.map(() => []);
  for (let k = 0; k < t.count; k++) townCells[town[k]!]!.push(k);
  TOWNS.forEach((tw, ti) => {
    const defs = villageDefs.filter((v) => v.townCode === tw.code);
    const cells = townCells[ti]!;
    const land = cells.filter((k) => !t.lakeSeed[k]);
    if (land.length < defs.length * 2) {
      throw new Error(`too few parcels (${land.length}) in ${tw.name} for its ${defs.length} villages: generate more parcels`);
    }
    const xs = Float64Array.from(land, (k) => t.seedX[k]!), ys = Float64Array.from(land, (k) => t.seedY[k]!);
    const c = kMeans(xs, ys, defs.length, rng);
    base.push(nClusters);
    for (const k of cells) {
      let best = 0, bd = Infinity;
      for (let m = 0; m < defs.length; m++) {
        const dx = t.seedX[k]! - c[2 * m]!, dy = t.seedY[k]! - c[2 * m + 1]!;
        const d = dx * dx + dy * dy;
        if (d < bd) { bd = d; best = m; }
      }
      cluster[k] = nClusters + best;
    }
    nClusters += defs.length;
  });
  // Clusters of one town only merge within that town (towns are already connected).
  const clusterTown = new Int8Array(nClusters);
  TOWNS.forEach((_, ti) => { for (let m = base[ti]!; m < (base[ti + 1] ?? nClusters); m++) clusterTown[m] = ti; });
  mergeFragments(t, cluster, (from, to) => clusterTown[from] === clusterTown[to]);

  // Centroid, size and adjacency of each cluster.
  const cx = new Float64Array(nClusters), cy = new Float64Array(nClusters), cn = new Float64Array(nClusters);
  for (let k = 0; k < t.count; k++) {
    const m = cluster[k]!;
    cx[m] = cx[m]! + t.seedX[k]!; cy[m] = cy[m]! + t.seedY[k]!; cn[m] = cn[m]! + 1;
  }
  for (let m = 0; m < nClusters; m++) {
    if (!cn[m]) throw new Error(`village cluster ${m} is empty: generate more parcels`);
    cx[m] = cx[m]! / cn[m]!; cy[m] = cy[m]! / cn[m]!;
  }
  const shared = new Map<number, number>();
  for (let k = 0; k < t.count; k++) {
    for (let q = t.off[k]!; q < t.off[k + 1]!; q++) {
      const j = t.nbr[q]!;
      if (j < 0 || cluster[j] === cluster[k]) continue;
      const a = Math.min(cluster[k]!, cluster[j]!), b = Math.max(cluster[k]!, cluster[j]!);
      const key = a * 65536 + b;
      shared.set(key, (shared.get(key) ?? 0) + 1);
    }
  }
  const adj = (a: number, b: number) => shared.get(Math.min(a, b) * 65536 + Math.max(a, b)) ?? 0;

  // Name clusters: communities nearest the seat, then villages; the pilot triple in 朱林镇 first.
  const clusterVillage = new Int16Array(nClusters).fill(-1);
  TOWNS.forEach((tw, ti) => {
    const defs = villageDefs.filter((v) => v.townCode === tw.code);
    const seat = geo.towns[ti]!;
    const ids = defs.map((_, m) => base[ti]! + m);
    const dist = (m: number) => Math.hypot(cx[m]! - seat.x, cy[m]! - seat.y);
    const byDist = [...ids].sort((a, b) => dist(a) - dist(b) || a - b);
    const names = [...defs.filter((d) => d.community), ...defs.filter((d) => !d.community)];
    const assigned = new Map<number, VillageDef>();
    if (tw.code === PILOT.townCode) {
      const triple = pilotTriple(byDist, adj);
      const pilotDefs = PILOT.villageCodes.map((code) => defs.find((d) => d.code === code)!);
      triple.forEach((m, i) => assigned.set(m, pilotDefs[i]!));
    }
    const rest = names.filter((d) => ![...assigned.values()].includes(d));
    let r = 0;
    for (const m of byDist) if (!assigned.has(m)) assigned.set(m, rest[r++]!);
    // Output order: by distance from the seat.
    for (const m of byDist) {
      clusterVillage[m] = villages.length;
      villages.push({ ...assigned.get(m)!, townIndex: ti });
    }
  });
  for (let k = 0; k < t.count; k++) village[k] = clusterVillage[cluster[k]!]!;
  return { town, village, villages };
}

/**
 * Three mutually adjacent clusters (a triangle in the adjacency graph), avoiding the seat's own cluster; the most
 * compact one (largest smallest shared border). Falls back to a path of three if no triangle exists.
 */
function pilotTriple(byDist: number[], adj: (a: number, b: number) => number): [number, number, number] {
  const cand = byDist.slice(1);
  let best: [number, number, number] | undefined, bestScore = -1;
  for (let i = 0; i < cand.length; i++) {
    for (let j = i + 1; j < cand.length; j++) {
      for (let k = j + 1; k < cand.length; k++) {
        const a = cand[i]!, b = cand[j]!, c = cand[k]!;
        const s = Math.min(adj(a, b), adj(b, c), adj(a, c));
        if (s > bestScore) { bestScore = s; best = [a, b, c]; }
      }
    }
  }
  if (best && bestScore > 0) return best;
  for (const a of byDist) for (const b of byDist) for (const c of byDist) {
    if (a !== b && b !== c && a !== c && adj(a, b) > 0 && adj(b, c) > 0) return [a, b, c];
  }
  throw new Error('朱林镇 has no three contiguous villages for the pilot');
}
