// 全域土地综合整治 (land consolidation): project types, sub-zone types and the four parts, the indicator rules with
// their default thresholds and sources, the pure evaluation of a rule, and roll-ups of many projects that add up
// exactly. Pure, so main (reports, CLI) and the renderer (the project card, the rule editor) share it.
// docs/consolidation.md defines every indicator; the figures and rules come from ../shared/domain.md.

/** 项目类型 (field XMLX of the project area): the four kinds of projects planners roll up. */
export const PROJECT_TYPES = ['全域整治', '增减挂钩', '工矿复垦', '占补平衡'] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];
export const PROJECT_TYPE_LABELS: Record<ProjectType, { zh: string; short: string; en: string }> = {
  全域整治: { zh: '全域土地综合整治', short: '全域整治', en: 'Comprehensive land consolidation' },
  增减挂钩: { zh: '城乡建设用地增减挂钩', short: '增减挂钩', en: 'Urban–rural construction land linkage' },
  工矿复垦: { zh: '工矿废弃地复垦', short: '工矿复垦', en: 'Reclamation of abandoned industrial and mining land' },
  占补平衡: { zh: '耕地占补平衡补充耕地', short: '占补', en: 'Farmland requisition–compensation' },
};
/** A project without a type (or an unknown one) is treated as a 全域整治 project, the kind of its layer. */
export function projectTypeOf(value: unknown): ProjectType {
  const v = typeof value === 'string' ? value.trim() : '';
  if ((PROJECT_TYPES as readonly string[]).includes(v)) return v as ProjectType;
  if (v === '占补' || v.includes('占补')) return '占补平衡';
  if (v.includes('挂钩')) return '增减挂钩';
  if (v.includes('工矿')) return '工矿复垦';
  return '全域整治';
}

/** The four parts of a 全域土地综合整治 project (domain brief: the 朱林镇 pilot's 农用地整治, 建设用地整治, 生态保护修复, 公共空间治理). */
export const PARTS = ['农用地整理', '建设用地整理', '生态保护修复', '公共空间治理'] as const;
export type Part = (typeof PARTS)[number];
export const PART_LABELS: Record<Part, string> = {
  农用地整理: 'Agricultural land consolidation', 建设用地整理: 'Construction land consolidation',
  生态保护修复: 'Ecological protection and restoration', 公共空间治理: 'Public space improvement',
};

/**
 * Sub-zone roles: `works` change the land use to their planned DLBM (GHDLBM); `pbf_out` / `pbf_in` move
 * 永久基本农田 out of / into the protected layer and change no land use.
 */
export type SubzoneRole = 'works' | 'pbf_out' | 'pbf_in';
export type SubzoneKind = 'farmland' | 'hq_farmland' | 'demolish' | 'new_build' | 'industrial_reclaim' | 'construction' | 'ecology' | 'public_space' | 'pbf_out' | 'pbf_in';

export interface SubzoneTypeDef {
  /** The value of ZQLX. */
  id: string;
  kind: SubzoneKind;
  role: SubzoneRole;
  part: Part | null;
  en: string;
  /** Other spellings accepted on import. */
  aliases: string[];
}

export const SUBZONE_TYPES: readonly SubzoneTypeDef[] = [
  { id: '农用地整理', kind: 'farmland', role: 'works', part: '农用地整理', en: 'Agricultural land consolidation', aliases: ['农用地整治'] },
  { id: '高标准农田建设', kind: 'hq_farmland', role: 'works', part: '农用地整理', en: 'High-standard farmland construction', aliases: ['高标准农田'] },
  { id: '建设用地整理-拆旧区', kind: 'demolish', role: 'works', part: '建设用地整理', en: 'Linkage: demolition and reclamation area', aliases: ['拆旧区', '增减挂钩拆旧区', '拆旧复垦区'] },
  { id: '建设用地整理-建新区', kind: 'new_build', role: 'works', part: '建设用地整理', en: 'Linkage: new construction area', aliases: ['建新区', '增减挂钩建新区'] },
  { id: '工矿废弃地复垦', kind: 'industrial_reclaim', role: 'works', part: '建设用地整理', en: 'Reclamation of abandoned industrial and mining land', aliases: ['工矿复垦', '工矿废弃地复垦区'] },
  { id: '建设用地整理', kind: 'construction', role: 'works', part: '建设用地整理', en: 'Construction land consolidation (other)', aliases: ['建设用地整治'] },
  { id: '生态保护修复', kind: 'ecology', role: 'works', part: '生态保护修复', en: 'Ecological protection and restoration', aliases: ['生态修复'] },
  { id: '公共空间治理', kind: 'public_space', role: 'works', part: '公共空间治理', en: 'Public space improvement', aliases: [] },
  { id: '永久基本农田调出', kind: 'pbf_out', role: 'pbf_out', part: null, en: 'Permanent farmland moved out', aliases: ['调出', '永久基本农田调出区'] },
  { id: '永久基本农田调入', kind: 'pbf_in', role: 'pbf_in', part: null, en: 'Permanent farmland moved in', aliases: ['调入', '永久基本农田调入区', '永久基本农田补划'] },
];

const SUBZONE_BY_NAME = new Map<string, SubzoneTypeDef>();
for (const t of SUBZONE_TYPES) for (const n of [t.id, ...t.aliases]) SUBZONE_BY_NAME.set(n, t);

/** The sub-zone type a ZQLX value names (its canonical spelling or an alias), undefined when unknown. */
export function subzoneType(zqlx: unknown): SubzoneTypeDef | undefined {
  return typeof zqlx === 'string' ? SUBZONE_BY_NAME.get(zqlx.trim()) : undefined;
}

// ---- Indicators --------------------------------------------------------------------------------------------------

export type IndicatorUnit = 'm2' | 'ratio' | 'count' | 'grade';
export type IndicatorGroup = 'basic' | 'cultivated' | 'pbf' | 'linkage' | 'lines' | 'pattern' | 'quality';
export const INDICATOR_GROUPS: Record<IndicatorGroup, { zh: string; en: string }> = {
  basic: { zh: '基本情况', en: 'Project' },
  cultivated: { zh: '耕地', en: 'Cultivated land' },
  pbf: { zh: '永久基本农田', en: 'Permanent farmland' },
  linkage: { zh: '建设用地与增减挂钩', en: 'Construction land and linkage' },
  lines: { zh: '生态保护红线与城镇开发边界', en: 'Red line and urban boundary' },
  pattern: { zh: '耕地细碎化与村庄布局', en: 'Fragmentation and settlements' },
  quality: { zh: '数据质量', en: 'Data quality' },
};

export interface IndicatorDef { id: string; group: IndicatorGroup; unit: IndicatorUnit; zh: string; en: string; beforeAfter?: boolean }

/** Every indicator of a project report, in the order of the 实施方案 indicator table (docs/consolidation.md). */
export const INDICATORS: readonly IndicatorDef[] = [
  { id: 'project_area', group: 'basic', unit: 'm2', zh: '整治区域面积', en: 'Project area' },
  { id: 'subzone_count', group: 'basic', unit: 'count', zh: '子区数量', en: 'Sub-zones' },
  { id: 'cultivated', group: 'cultivated', unit: 'm2', zh: '耕地面积', en: 'Cultivated land', beforeAfter: true },
  { id: 'cultivated_gain', group: 'cultivated', unit: 'm2', zh: '新增耕地（毛）', en: 'New cultivated land (gross)' },
  { id: 'cultivated_gain_demolish', group: 'cultivated', unit: 'm2', zh: '　其中：拆旧复垦', en: '  of which: reclaimed demolition areas' },
  { id: 'cultivated_gain_industrial', group: 'cultivated', unit: 'm2', zh: '　　　　工矿废弃地复垦', en: '  of which: industrial and mining reclamation' },
  { id: 'cultivated_gain_farmland', group: 'cultivated', unit: 'm2', zh: '　　　　农用地整理', en: '  of which: agricultural land consolidation' },
  { id: 'cultivated_gain_other', group: 'cultivated', unit: 'm2', zh: '　　　　其他子区', en: '  of which: other sub-zones' },
  { id: 'cultivated_loss', group: 'cultivated', unit: 'm2', zh: '减少耕地', en: 'Cultivated land taken' },
  { id: 'cultivated_net', group: 'cultivated', unit: 'm2', zh: '新增耕地（净）', en: 'New cultivated land (net)' },
  { id: 'cultivated_net_ratio', group: 'cultivated', unit: 'ratio', zh: '新增耕地占原有耕地比例', en: 'Net new cultivated land / original' },
  { id: 'pbf', group: 'pbf', unit: 'm2', zh: '永久基本农田面积', en: 'Permanent farmland', beforeAfter: true },
  { id: 'pbf_out', group: 'pbf', unit: 'm2', zh: '调出永久基本农田', en: 'Permanent farmland moved out' },
  { id: 'pbf_in', group: 'pbf', unit: 'm2', zh: '调入永久基本农田', en: 'Permanent farmland moved in' },
  { id: 'pbf_net', group: 'pbf', unit: 'm2', zh: '永久基本农田净增', en: 'Net new permanent farmland' },
  { id: 'pbf_net_ratio', group: 'pbf', unit: 'ratio', zh: '净增占调整面积比例', en: 'Net new / area moved out' },
  { id: 'pbf_out_share', group: 'pbf', unit: 'ratio', zh: '调出占区域内永久基本农田比例', en: 'Moved out / permanent farmland in the area' },
  { id: 'pbf_out_not_pbf', group: 'pbf', unit: 'm2', zh: '调出区中非永久基本农田面积', en: 'Moved-out zones not on permanent farmland' },
  { id: 'pbf_in_already', group: 'pbf', unit: 'm2', zh: '调入区中已是永久基本农田面积', en: 'Moved-in zones already permanent farmland' },
  { id: 'pbf_in_not_cultivated', group: 'pbf', unit: 'm2', zh: '调入非耕地面积', en: 'Moved in on land that is not cultivated (after the works)' },
  { id: 'pbf_in_urban', group: 'pbf', unit: 'm2', zh: '调入城镇开发边界内面积', en: 'Moved in inside the urban boundary' },
  { id: 'pbf_out_grade', group: 'pbf', unit: 'grade', zh: '调出耕地质量等别（面积加权）', en: 'Grade of farmland moved out (area-weighted)' },
  { id: 'pbf_in_grade', group: 'pbf', unit: 'grade', zh: '调入耕地质量等别（面积加权）', en: 'Grade of farmland moved in (area-weighted)' },
  { id: 'pbf_grade_drop', group: 'pbf', unit: 'grade', zh: '调入较调出等别差（正值为变差）', en: 'Grade moved in minus grade moved out (positive: worse)' },
  { id: 'construction', group: 'linkage', unit: 'm2', zh: '建设用地面积', en: 'Construction land', beforeAfter: true },
  { id: 'demolish_area', group: 'linkage', unit: 'm2', zh: '拆旧区面积', en: 'Demolition areas' },
  { id: 'demolish_reclaimed', group: 'linkage', unit: 'm2', zh: '拆旧复垦建设用地面积', en: 'Construction land reclaimed in demolition areas' },
  { id: 'new_build_area', group: 'linkage', unit: 'm2', zh: '建新区面积', en: 'New construction areas' },
  { id: 'linkage_ratio', group: 'linkage', unit: 'ratio', zh: '建新区面积 / 拆旧复垦面积', en: 'New construction / reclaimed' },
  { id: 'linkage_surplus', group: 'linkage', unit: 'm2', zh: '节余挂钩指标', en: 'Surplus linkage quota (reclaimed − new)' },
  { id: 'construction_change', group: 'linkage', unit: 'm2', zh: '建设用地变化', en: 'Change of construction land' },
  { id: 'new_build_in_eco', group: 'linkage', unit: 'm2', zh: '建新区占生态保护红线', en: 'New construction in the red line' },
  { id: 'new_build_in_pbf', group: 'linkage', unit: 'm2', zh: '建新区占永久基本农田（调整后）', en: 'New construction on permanent farmland (after adjustment)' },
  { id: 'subzones_outside', group: 'linkage', unit: 'm2', zh: '子区（含拆旧区、建新区）超出项目区面积', en: 'Sub-zones (incl. demolition / new construction) outside the project area' },
  { id: 'eco_area', group: 'lines', unit: 'm2', zh: '生态保护红线面积（区域内）', en: 'Red line in the area' },
  { id: 'urban_area', group: 'lines', unit: 'm2', zh: '城镇开发边界面积（区域内）', en: 'Urban boundary in the area' },
  { id: 'construction_in_eco', group: 'lines', unit: 'm2', zh: '生态保护红线内建设用地', en: 'Construction land in the red line', beforeAfter: true },
  { id: 'construction_in_urban', group: 'lines', unit: 'm2', zh: '城镇开发边界内建设用地', en: 'Construction land in the urban boundary', beforeAfter: true },
  { id: 'pbf_eco_conflict', group: 'lines', unit: 'm2', zh: '永久基本农田与生态保护红线重叠', en: 'Permanent farmland ∩ red line', beforeAfter: true },
  { id: 'pbf_urban_conflict', group: 'lines', unit: 'm2', zh: '永久基本农田与城镇开发边界重叠', en: 'Permanent farmland ∩ urban boundary', beforeAfter: true },
  { id: 'cultivated_patches', group: 'pattern', unit: 'count', zh: '耕地图斑块数（连片）', en: 'Cultivated patches (contiguous)', beforeAfter: true },
  { id: 'cultivated_mean_patch', group: 'pattern', unit: 'm2', zh: '耕地平均块面积', en: 'Mean cultivated patch', beforeAfter: true },
  { id: 'settlement', group: 'pattern', unit: 'm2', zh: '农村宅基地面积', en: 'Rural homesteads', beforeAfter: true },
  { id: 'settlement_patches', group: 'pattern', unit: 'count', zh: '村庄居民点个数', en: 'Settlement patches', beforeAfter: true },
  { id: 'settlement_mean_patch', group: 'pattern', unit: 'm2', zh: '居民点平均规模', en: 'Mean settlement patch', beforeAfter: true },
  { id: 'subzone_overlap', group: 'quality', unit: 'm2', zh: '整治子区相互重叠面积', en: 'Overlap between works sub-zones' },
  { id: 'landuse_gap', group: 'quality', unit: 'm2', zh: '区域内无三调图斑面积', en: 'Area without 三调 parcels' },
];
export const INDICATOR_BY_ID = new Map(INDICATORS.map((d) => [d.id, d]));

// ---- Rules ---------------------------------------------------------------------------------------------------------

export type Comparator = '>=' | '<=' | '>' | '<';
export const COMPARATORS: readonly Comparator[] = ['>=', '<=', '>', '<'];
export const COMPARATOR_LABELS: Record<Comparator, string> = { '>=': '不低于 ≥', '<=': '不超过 ≤', '>': '大于 >', '<': '小于 <' };

export interface ConsolidationRule {
  id: string;
  /** The indicator whose value the rule compares. */
  indicator: string;
  zh: string;
  en: string;
  comparator: Comparator;
  /** In the indicator's unit: a 0–1 fraction for ratios, m² for areas, grades for grades. */
  threshold: number;
  /** Project types the rule applies to. */
  appliesTo: ProjectType[];
  enabled: boolean;
  /** Where the rule and its threshold come from. */
  source: string;
}

const ALL_TYPES: ProjectType[] = [...PROJECT_TYPES];
const MIN_AREA_SOURCE = '阈值 1 m² 与检查引擎的最小冲突面积一致（docs/checks.md）/ 1 m² as the checks\' minimum conflict area';

/** The default rule table. Thresholds are data: the user edits them in the workspace (projects.setRules). */
export const DEFAULT_RULES: readonly ConsolidationRule[] = [
  {
    id: 'cultivated_gain_5pct', indicator: 'cultivated_net_ratio', zh: '新增耕地不少于原有耕地的 5%', en: 'Net new cultivated land ≥ 5 % of the original',
    comparator: '>=', threshold: 0.05, appliesTo: ['全域整治'], enabled: true,
    source: '全域土地综合整治试点要求：整治区域内新增耕地面积原则上不少于原有耕地面积的 5%（domain brief: national pilot rules）',
  },
  {
    id: 'cultivated_not_decreased', indicator: 'cultivated_net', zh: '耕地面积不减少', en: 'Cultivated land does not decrease',
    comparator: '>=', threshold: 0, appliesTo: ALL_TYPES, enabled: true,
    source: '增减挂钩“耕地面积不减少、建设用地不增加”；占补平衡“占一补一”（domain brief）',
  },
  {
    id: 'pbf_net_5pct', indicator: 'pbf_net_ratio', zh: '新增永久基本农田不少于调整面积的 5%', en: 'Net new permanent farmland ≥ 5 % of the area moved out',
    comparator: '>=', threshold: 0.05, appliesTo: ['全域整治'], enabled: true,
    source: '全域土地综合整治试点要求：涉及永久基本农田调整的，新增永久基本农田面积原则上不少于调整面积的 5%（domain brief: national pilot rules）；不涉及调整时不适用',
  },
  {
    id: 'pbf_adjust_scale', indicator: 'pbf_out_share', zh: '永久基本农田调整规模受限', en: 'Limited scale of the adjustment',
    comparator: '<=', threshold: 0.05, appliesTo: ['全域整治'], enabled: true,
    source: '全域土地综合整治试点要求：永久基本农田调整规模有限（domain brief）。默认上限为区域内永久基本农田的 5%，请按本地批复文件修改 / default 5 %: set the local value',
  },
  {
    id: 'pbf_in_cultivated', indicator: 'pbf_in_not_cultivated', zh: '调入永久基本农田须为耕地', en: 'Farmland moved in must be cultivated land',
    comparator: '<=', threshold: 1, appliesTo: ALL_TYPES, enabled: true,
    source: `调入地块须为耕地（整治后，按三调及子区规划地类）（issue #6）；${MIN_AREA_SOURCE}`,
  },
  {
    id: 'pbf_in_grade', indicator: 'pbf_grade_drop', zh: '调入耕地质量不低于调出', en: 'Farmland moved in is not of a worse grade than moved out',
    comparator: '<=', threshold: 0, appliesTo: ALL_TYPES, enabled: true,
    source: '“占优补优”：调入耕地质量等别（子区 GDDB，数值越小越好）不劣于调出永久基本农田的面积加权等别（GDDB）（domain brief）',
  },
  {
    id: 'pbf_not_into_urban', indicator: 'pbf_in_urban', zh: '不得调入城镇开发边界内', en: 'Nothing moved into the urban boundary',
    comparator: '<=', threshold: 1, appliesTo: ALL_TYPES, enabled: true,
    source: `全域土地综合整治试点要求：不得将永久基本农田调入城镇开发边界（domain brief: national pilot rules）；${MIN_AREA_SOURCE}`,
  },
  {
    id: 'linkage_balance', indicator: 'linkage_ratio', zh: '建新区面积不超过拆旧复垦面积', en: 'New construction ≤ reclaimed demolition area',
    comparator: '<=', threshold: 1, appliesTo: ['全域整治', '增减挂钩'], enabled: true,
    source: '城乡建设用地增减挂钩：建新区面积不得超过拆旧区复垦面积，且在同一项目内（domain brief）；无拆旧区和建新区时不适用',
  },
  {
    id: 'construction_not_increased', indicator: 'construction_change', zh: '建设用地总量不增加', en: 'Construction land does not increase',
    comparator: '<=', threshold: 0, appliesTo: ['全域整治', '增减挂钩', '工矿复垦'], enabled: true,
    source: '增减挂钩“耕地面积不减少、建设用地不增加”（domain brief）',
  },
  {
    id: 'subzones_in_project', indicator: 'subzones_outside', zh: '拆旧区、建新区等子区位于同一项目区内', en: 'Demolition, new construction and other sub-zones lie in the project',
    comparator: '<=', threshold: 1, appliesTo: ALL_TYPES, enabled: true,
    source: `增减挂钩：拆旧区和建新区在同一项目内（domain brief）；${MIN_AREA_SOURCE}`,
  },
  {
    id: 'new_build_not_in_eco', indicator: 'new_build_in_eco', zh: '建新区不占生态保护红线', en: 'New construction outside the red line',
    comparator: '<=', threshold: 1, appliesTo: ALL_TYPES, enabled: true,
    source: `生态保护红线内禁止新增建设（issue #6）；${MIN_AREA_SOURCE}`,
  },
  {
    id: 'new_build_not_in_pbf', indicator: 'new_build_in_pbf', zh: '建新区不占永久基本农田', en: 'New construction outside permanent farmland',
    comparator: '<=', threshold: 1, appliesTo: ALL_TYPES, enabled: true,
    source: `建新区避让永久基本农田（调整后）（issue #6）；${MIN_AREA_SOURCE}`,
  },
  {
    id: 'subzones_no_overlap', indicator: 'subzone_overlap', zh: '整治子区互不重叠', en: 'Works sub-zones do not overlap',
    comparator: '<=', threshold: 1, appliesTo: ALL_TYPES, enabled: true,
    source: `数据质量：同一地块只能有一个规划地类；${MIN_AREA_SOURCE}`,
  },
];

export type RuleStatus = 'pass' | 'fail' | 'na';

export function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case '>=': return value >= threshold;
    case '<=': return value <= threshold;
    case '>': return value > threshold;
    case '<': return value < threshold;
  }
}

/**
 * The pass/fail of one rule for one project: not applicable when the rule is off, is not for this project type, or
 * the indicator has no value (nothing to measure: no 调出, no 拆旧区, no grades entered); otherwise the comparison.
 * A ratio whose denominator is zero while its numerator is not is +Infinity and compares as such.
 */
export function evaluateRule(rule: ConsolidationRule, projectType: ProjectType, value: number | null): RuleStatus {
  if (!rule.enabled || !rule.appliesTo.includes(projectType) || value === null || Number.isNaN(value)) return 'na';
  return compare(value, rule.comparator, rule.threshold) ? 'pass' : 'fail';
}

/** A ratio a / b: null when both are zero (nothing to measure), +Infinity when only b is. */
export function ratio(a: number, b: number): number | null {
  if (b > 0) return a / b;
  return a > 0 ? Infinity : null;
}

// ---- Exact sums ----------------------------------------------------------------------------------------------------

/**
 * Areas of roll-ups are the projects' areas rounded to 0.01 m² (as 国土调查 tables keep 图斑 areas, TBMJ) and
 * summed as integers of 0.01 m², so every grouping (by town, by type, the total) adds up exactly, whatever the order.
 * Exact while the sum stays below 2^53 × 0.01 m² ≈ 9 × 10^13 m² (far beyond any province).
 */
export const toCentiM2 = (m2: number): number => Math.round(m2 * 100);
export const fromCentiM2 = (c: number): number => c / 100;

// ---- Roll-ups ------------------------------------------------------------------------------------------------------

/** What a roll-up needs of one project. Areas in m² (ellipsoidal). */
export interface ProjectFigures {
  code: string;
  name: string;
  type: ProjectType;
  townCode: string | null;
  town: string | null;
  status: string | null;
  areaM2: number;
  cultivatedGainM2: number;
  cultivatedNetM2: number;
  reclaimedM2: number;
  newBuildM2: number;
  pbfNetM2: number;
  passed: number;
  failed: number;
}

export const ROLLUP_MEASURES = ['areaM2', 'cultivatedGainM2', 'cultivatedNetM2', 'reclaimedM2', 'newBuildM2', 'pbfNetM2'] as const;
export type RollupMeasure = (typeof ROLLUP_MEASURES)[number];
export const ROLLUP_MEASURE_LABELS: Record<RollupMeasure, { zh: string; en: string }> = {
  areaM2: { zh: '建设规模', en: 'Project area' },
  cultivatedGainM2: { zh: '新增耕地', en: 'New cultivated land' },
  cultivatedNetM2: { zh: '耕地净增', en: 'Net cultivated land' },
  reclaimedM2: { zh: '拆旧复垦', en: 'Reclaimed' },
  newBuildM2: { zh: '建新', en: 'New construction' },
  pbfNetM2: { zh: '永久基本农田净增', en: 'Net permanent farmland' },
};

export interface RollupRow {
  key: string;
  name: string;
  count: number;
  /** Failed projects (at least one rule failed). */
  failing: number;
  /** m², each exactly a multiple of 0.01 m². */
  sums: Record<RollupMeasure, number>;
}

export interface Rollup { by: 'town' | 'type'; rows: RollupRow[]; total: RollupRow }

export function rollUp(projects: readonly ProjectFigures[], by: 'town' | 'type'): Rollup {
  const groups = new Map<string, { name: string; count: number; failing: number; c: Record<RollupMeasure, number> }>();
  const zero = () => Object.fromEntries(ROLLUP_MEASURES.map((m) => [m, 0])) as Record<RollupMeasure, number>;
  const total = { count: 0, failing: 0, c: zero() };
  if (by === 'type') for (const t of PROJECT_TYPES) groups.set(t, { name: PROJECT_TYPE_LABELS[t].short, count: 0, failing: 0, c: zero() });
  for (const p of projects) {
    const key = by === 'type' ? p.type : (p.townCode ?? p.town ?? '');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { name: by === 'type' ? PROJECT_TYPE_LABELS[p.type].short : (p.town ?? '（未填镇街）'), count: 0, failing: 0, c: zero() }));
    g.count++;
    total.count++;
    if (p.failed > 0) { g.failing++; total.failing++; }
    for (const m of ROLLUP_MEASURES) {
      const c = toCentiM2(p[m]);
      g.c[m] += c;
      total.c[m] += c;
    }
  }
  const row = (key: string, name: string, g: { count: number; failing: number; c: Record<RollupMeasure, number> }): RollupRow => ({
    key, name, count: g.count, failing: g.failing,
    sums: Object.fromEntries(ROLLUP_MEASURES.map((m) => [m, fromCentiM2(g.c[m])])) as Record<RollupMeasure, number>,
  });
  const keys = [...groups.keys()];
  if (by === 'town') keys.sort();
  return { by, rows: keys.map((k) => row(k, groups.get(k)!.name, groups.get(k)!)), total: row('total', '合计', total) };
}
