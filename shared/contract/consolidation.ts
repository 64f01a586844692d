// Land consolidation (全域土地综合整治, issue #6): the data that crosses the contract for projects, their indicator
// reports, roll-ups and the rule table (docs/consolidation.md). Areas are ellipsoidal m² on CGCS2000.
import { z } from 'zod';
import { COMPARATORS, PROJECT_TYPES, type Comparator, type ProjectType } from '../domain/consolidation.js';
import { Bbox } from './schemas.js';

const int = z.number().int();
const num = z.number();
const nullableNum = z.number().nullable();

export const ProjectTypeSchema = z.enum(PROJECT_TYPES as unknown as [ProjectType, ...ProjectType[]]);
export const ComparatorSchema = z.enum(COMPARATORS as unknown as [Comparator, ...Comparator[]]);
export const FeatureLink = z.object({ layerId: int, fid: int });
export type FeatureLink = z.infer<typeof FeatureLink>;
const Bilingual = z.object({ zh: z.string(), en: z.string() });

/** One project (项目区) as listed: the features of the project layer sharing one XMBH. */
export const ProjectSummary = z.object({
  code: z.string(),
  name: z.string(),
  /** XMLX as stored (null when empty) and the type it counts as. */
  typeRaw: z.string().nullable(),
  type: ProjectTypeSchema,
  townCode: z.string().nullable(),
  town: z.string().nullable(),
  villages: z.string().nullable(),
  period: z.string().nullable(),
  investment: nullableNum,
  status: z.string().nullable(),
  layerId: int,
  fids: z.array(int),
  /** Ellipsoidal area of the project's features. */
  areaM2: num,
  subzoneCount: int,
  /** lon/lat bounds. */
  bbox: Bbox.nullable(),
});
export type ProjectSummary = z.infer<typeof ProjectSummary>;

export const ProjectList = z.object({
  projectLayerId: int.nullable(),
  subzoneLayerId: int.nullable(),
  projects: z.array(ProjectSummary),
  /** Sub-zones whose XMBH names no project. */
  orphanSubzones: z.array(int),
});
export type ProjectList = z.infer<typeof ProjectList>;

export const IndicatorRow = z.object({
  id: z.string(),
  group: z.string(),
  unit: z.enum(['m2', 'ratio', 'count', 'grade']),
  zh: z.string(),
  en: z.string(),
  before: nullableNum,
  after: nullableNum,
  /** The indicator's value (after − before for before/after rows); null: nothing to measure. */
  value: nullableNum,
  /** The value is +∞ (a ratio over zero); value is null then. */
  unbounded: z.boolean(),
  /** The features that decide it (sub-zones, the project, line features). */
  features: z.array(FeatureLink),
});
export type IndicatorRow = z.infer<typeof IndicatorRow>;

export const RuleResult = z.object({
  ruleId: z.string(),
  indicator: z.string(),
  zh: z.string(),
  en: z.string(),
  comparator: ComparatorSchema,
  threshold: num,
  unit: z.enum(['m2', 'ratio', 'count', 'grade']),
  value: nullableNum,
  unbounded: z.boolean(),
  status: z.enum(['pass', 'fail', 'na']),
  /** Why not applicable, when status is na. */
  reason: z.string().nullable(),
  source: z.string(),
  features: z.array(FeatureLink),
});
export type RuleResult = z.infer<typeof RuleResult>;

export const SubzoneFigures = z.object({
  fid: int,
  zqlx: z.string().nullable(),
  kind: z.string().nullable(),
  part: z.string().nullable(),
  name: z.string().nullable(),
  ghdlbm: z.string().nullable(),
  gddb: nullableNum,
  /** The sub-zone's own area; the part inside the project; the part that counts (works: inside, not under an earlier sub-zone). */
  areaM2: num,
  insideM2: num,
  effectiveM2: num,
  cultivatedGainM2: num,
  cultivatedLossM2: num,
  constructionGainM2: num,
  constructionLossM2: num,
  /** 三调 land inside the part that counts, by DLBM (m²); '' is land without a parcel. */
  baseline: z.record(z.string(), num),
});
export type SubzoneFigures = z.infer<typeof SubzoneFigures>;

export const PartFigures = z.object({
  part: z.string(),
  count: int,
  areaM2: num,
  cultivatedGainM2: num,
  cultivatedNetM2: num,
});

export const ProjectReport = z.object({
  project: ProjectSummary,
  subzoneLayerId: int.nullable(),
  indicators: z.array(IndicatorRow),
  rules: z.array(RuleResult),
  subzones: z.array(SubzoneFigures),
  parts: z.array(PartFigures),
  passed: int,
  failed: int,
  notes: z.array(Bilingual),
  computedAt: z.string(),
  durationMs: num,
});
export type ProjectReport = z.infer<typeof ProjectReport>;

export const RollupRowSchema = z.object({
  key: z.string(),
  name: z.string(),
  count: int,
  failing: int,
  sums: z.record(z.string(), num),
});
export const RollupSchema = z.object({ by: z.enum(['town', 'type']), rows: z.array(RollupRowSchema), total: RollupRowSchema });

export const ProjectCheckResult = z.object({
  reports: z.array(ProjectReport),
  rollups: z.object({ town: RollupSchema, type: RollupSchema }),
});
export type ProjectCheckResult = z.infer<typeof ProjectCheckResult>;

export const RuleSchema = z.object({
  id: z.string().min(1).max(64),
  indicator: z.string().min(1),
  zh: z.string(),
  en: z.string(),
  comparator: ComparatorSchema,
  threshold: z.number().finite(),
  appliesTo: z.array(ProjectTypeSchema),
  enabled: z.boolean(),
  source: z.string(),
}).strict();

export const consolidationMethods = {
  /** Projects of the workspace's project-area layer (grouped by XMBH) with their sub-zone counts. */
  'projects.list': { input: z.object({}).strict(), output: ProjectList },
  /**
   * Indicators and rule checks of the projects given (all when codes is absent), computed in a worker thread
   * (progress as job.progress), with the roll-ups by town and by type of those projects.
   */
  'projects.check': { input: z.object({ codes: z.array(z.string()).optional() }).strict(), output: ProjectCheckResult },
  /** The rule table (defaults until the user saves one). */
  'projects.rules': { input: z.object({}).strict(), output: z.array(RuleSchema) },
  /** Replaces the rule table (one transaction); default rules can be disabled, not deleted. */
  'projects.setRules': { input: z.object({ rules: z.array(RuleSchema) }).strict(), output: z.array(RuleSchema) },
  'projects.resetRules': { input: z.object({}).strict(), output: z.array(RuleSchema) },
  /** The project report (实施方案 indicator table) of the projects given, as XLSX or JSON. */
  'projects.export': {
    input: z.object({ codes: z.array(z.string()).optional(), format: z.enum(['xlsx', 'json']), path: z.string().min(1) }).strict(),
    output: z.object({ path: z.string(), count: int }),
  },
} as const;
