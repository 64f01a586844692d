// Names of finding types, lines and severities (Chinese / English), shared by reports in main and the renderer.
import type { FindingType } from '../contract/schemas.js';

export const FINDING_LABELS: Record<FindingType, { zh: string; en: string }> = {
  conflict_eco_farmland: { zh: '生态保护红线与永久基本农田冲突', en: 'Red line ∩ permanent farmland' },
  conflict_farmland_urban: { zh: '永久基本农田与城镇开发边界冲突', en: 'Permanent farmland ∩ urban boundary' },
  conflict_eco_urban: { zh: '生态保护红线与城镇开发边界冲突', en: 'Red line ∩ urban boundary' },
  conflict_pair: { zh: '指定图层重叠', en: 'Overlap of a chosen layer pair' },
  overlap: { zh: '压盖（图层内重叠）', en: 'Overlap within a layer' },
  gap: { zh: '空隙', en: 'Gap' },
  sliver: { zh: '细长碎片', en: 'Sliver' },
  fragment: { zh: '碎片', en: 'Fragment' },
  invalid_geometry: { zh: '几何无效', en: 'Invalid geometry' },
  multipart: { zh: '多部件', en: 'Multipart feature' },
  outside_extent: { zh: '超出行政区范围', en: 'Outside the extent' },
  outside_admin: { zh: '超出坐落单位', en: 'Outside its admin unit' },
  cultivated_in_urban: { zh: '城镇开发边界内耕地', en: 'Cultivated land inside the urban boundary' },
  construction_in_eco: { zh: '生态保护红线内建设用地', en: 'Construction land inside the red line' },
  construction_in_farmland: { zh: '永久基本农田内建设用地', en: 'Construction land inside permanent farmland' },
  farmland_not_cultivated: { zh: '永久基本农田划定不实（非耕地）', en: 'Permanent farmland on land that is not cultivated' },
};

export const LINE_LABELS: Record<string, string> = {
  eco_redline: '生态保护红线',
  permanent_farmland: '永久基本农田',
  urban_boundary: '城镇开发边界',
};

export const SEVERITY_LABELS: Record<string, string> = { error: '错误', warning: '警告', info: '提示' };
