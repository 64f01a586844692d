// Default thresholds of the checks, with their reasons (docs/checks.md has the same table for planners). Shared so
// the renderer's run options start from the same values main applies.
import type { CheckParams } from '../contract/schemas.js';

export const DEFAULT_PARAMS: CheckParams = {
  // Precision model: every geometry is snapped to a 1 mm grid before any overlay (coordinates in 国土调查 databases
  // are kept to 0.001 m; nothing finer is meaningful).
  gridSize: 0.001,
  // Parts of an overlay result whose mean width 2A/P is below 5 cm are hairlines from shared or near-coincident
  // boundaries (digitising tolerance of 1:500 surveys is ±5 cm), never a real conflict, overlap or gap.
  hairlineWidth: 0.05,
  // A conflict between two lines counts from 1 m².
  minConflictArea: 1,
  // A gap inside a layer that should tile counts from 1 m².
  minGapArea: 1,
  // A part is a sliver when it is both thin (Polsby–Popper 4πA/P² below 0.1) and narrow (mean width below 1 m).
  sliverMaxThinness: 0.1,
  sliverMaxWidth: 1,
  // Fragment (碎片): a part smaller than this, in layers other than the 三调 parcels.
  fragmentMinArea: 50,
  // 三调 parcels: the minimum mapping units of 第三次全国国土调查技术规程 (TD/T 1055-2019) §5.4: 建设用地 and
  // 设施农用地 200 m², 农用地 400 m², other land 600 m².
  landuseFragmentMinArea: { construction: 200, agricultural: 400, other: 600 },
  // A feature is outside its admin unit / the workspace extent when more than 1 m² of it lies outside.
  outsideMinArea: 1,
  // Layers whose features must be single polygons (a 图斑 is one polygon).
  singlePartKinds: ['landuse'],
  // Layers that should tile an area without gaps or overlaps.
  tilingKinds: ['landuse', 'town', 'village', 'county'],
};
