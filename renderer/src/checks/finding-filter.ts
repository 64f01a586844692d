// Filtering and summarising a run's findings in the renderer: a run's findings (a few thousand on a district) are
// loaded once, so narrowing them by type, layer and town is instant and needs no round trip.
import type { Finding, FindingGeometry, FindingType } from '../../../shared/contract/schemas.js';

export interface FindingFilter {
  /** Empty: every type. */
  types: ReadonlySet<FindingType>;
  /** A table name, or null for every layer. */
  layer: string | null;
  /** A town name, or null for every town. */
  town: string | null;
}

export const NO_FILTER: FindingFilter = { types: new Set(), layer: null, town: null };

/** Largest first (the planner's order of business), ties by id so the order never jumps between renders. */
export function byAreaDescending(a: Finding, b: Finding): number {
  return b.area.planar.m2 - a.area.planar.m2 || a.id - b.id;
}

export function filterFindings(findings: readonly Finding[], filter: FindingFilter): Finding[] {
  return findings
    .filter((f) => (filter.types.size === 0 || filter.types.has(f.type))
      && (filter.layer === null || f.layers.includes(filter.layer))
      && (filter.town === null || f.town === filter.town))
    .sort(byAreaDescending);
}

export interface TypeSummary {
  type: FindingType;
  severity: Finding['severity'];
  count: number;
  areaM2: number;
}

export interface Facets {
  types: TypeSummary[];
  layers: string[];
  towns: string[];
}

/** What the filter menus offer: only values that occur, types by severity then area. */
export function findingFacets(findings: readonly Finding[]): Facets {
  const types = new Map<FindingType, TypeSummary>();
  const layers = new Set<string>();
  const towns = new Set<string>();
  for (const f of findings) {
    const t = types.get(f.type) ?? { type: f.type, severity: f.severity, count: 0, areaM2: 0 };
    t.count++;
    t.areaM2 += f.area.planar.m2;
    // A type mixes severities (invalid geometry: error or warning); the summary shows the worst.
    if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[t.severity]) t.severity = f.severity;
    types.set(f.type, t);
    f.layers.forEach((l) => layers.add(l));
    if (f.town) towns.add(f.town);
  }
  return {
    types: [...types.values()].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.areaM2 - a.areaM2),
    layers: [...layers].sort(),
    towns: [...towns].sort((a, b) => a.localeCompare(b, 'zh-CN')),
  };
}

const SEVERITY_RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** First index i in sorted `starts` with starts[i] > v, minus one: the part (or ring) holding vertex v. */
function containing(starts: Uint32Array, v: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The drawable geometry of the chosen findings only (same layout, vertices and triangles renumbered). */
export function subsetGeometry(g: FindingGeometry, keep: ReadonlySet<number>): FindingGeometry {
  const parts = g.partFeature.length;
  const keptPart = new Int32Array(parts).fill(-1);
  const newStart = new Uint32Array(parts);
  const partStarts: number[] = [0];
  const partFeature: number[] = [];
  const ringStarts: number[] = [0];
  const findingIds: number[] = [];
  const featureRemap = new Map<number, number>();
  let vertices = 0;
  for (let p = 0; p < parts; p++) {
    const feature = g.partFeature[p]!;
    if (!keep.has(g.findingIds[feature]!)) continue;
    let nf = featureRemap.get(feature);
    if (nf === undefined) {
      nf = findingIds.length;
      featureRemap.set(feature, nf);
      findingIds.push(g.findingIds[feature]!);
    }
    keptPart[p] = nf;
    newStart[p] = vertices;
    const start = g.partStarts[p]!;
    const end = g.partStarts[p + 1]!;
    for (let r = containing(g.ringStarts, start); r < g.ringStarts.length - 1 && g.ringStarts[r]! < end; r++) {
      ringStarts.push(vertices + g.ringStarts[r + 1]! - start);
    }
    vertices += end - start;
    partStarts.push(vertices);
    partFeature.push(nf);
  }
  const positions = new Float64Array(vertices * 2);
  for (let p = 0; p < parts; p++) {
    if (keptPart[p]! < 0) continue;
    positions.set(g.positions.subarray(g.partStarts[p]! * 2, g.partStarts[p + 1]! * 2), newStart[p]! * 2);
  }
  const triangles: number[] = [];
  for (let t = 0; t < g.triangles.length; t += 3) {
    const p = containing(g.partStarts, g.triangles[t]!);
    if (keptPart[p]! < 0) continue;
    const shift = newStart[p]! - g.partStarts[p]!;
    triangles.push(g.triangles[t]! + shift, g.triangles[t + 1]! + shift, g.triangles[t + 2]! + shift);
  }
  return {
    findingIds: Float64Array.from(findingIds),
    positions,
    partStarts: Uint32Array.from(partStarts),
    partFeature: Uint32Array.from(partFeature),
    ringStarts: Uint32Array.from(ringStarts),
    triangles: Uint32Array.from(triangles),
  };
}
