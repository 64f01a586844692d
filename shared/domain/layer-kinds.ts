// The layer kinds a workspace knows, each with its attribute schema and default style. Field names follow the
// national databases: 三调 地类图斑 (DLTB, TD/T 1055-2019), 永久基本农田 (YJJBNT), 国土空间规划 “一张图” 三条控制线
// (STBHHX / CZKFBJ), 行政区 (XZQ) and 村级调查区 (CJDCQ). Where no standard name exists we use the usual pinyin
// abbreviation and say so in the label.

export type FieldType = 'TEXT' | 'REAL' | 'INTEGER';

export interface FieldDef {
  name: string;
  type: FieldType;
  zh: string;
  en: string;
  required?: boolean;
  /** Domain of allowed values, by name of a code list (e.g. 'dlbm'). */
  domain?: 'dlbm' | 'czcsxm' | 'town' | 'village' | 'xmlx' | 'zqlx';
}

export type LayerKindId =
  | 'eco_redline'
  | 'permanent_farmland'
  | 'urban_boundary'
  | 'landuse'
  | 'county'
  | 'town'
  | 'village'
  | 'water'
  | 'eco_space'
  | 'nature_reserve'
  | 'farmland_reserve'
  | 'project_area'
  | 'project_subzone'
  | 'user';

export type GeometryKind = 'MULTIPOLYGON' | 'MULTILINESTRING' | 'MULTIPOINT';

export interface LayerStyle {
  /** 'fixed' paints every feature with fillColor; 'dlbm' paints by the DLBM field with the 三调 colours. */
  mode: 'fixed' | 'dlbm';
  fillColor: [number, number, number];
  lineColor: [number, number, number];
  lineWidthPx: number;
  fillOpacity: number;
  /** Field shown as a label at high zoom. */
  labelField?: string;
}

export interface LayerKindDef {
  id: LayerKindId;
  zh: string;
  en: string;
  /** Suggested table name for the first layer of this kind. */
  table: string;
  geometry: GeometryKind;
  group: 'control_lines' | 'protection' | 'reference' | 'admin' | 'consolidation' | 'user';
  fields: FieldDef[];
  style: LayerStyle;
}

const common = {
  BSM: { name: 'BSM', type: 'TEXT', zh: '标识码', en: 'Identifier' },
  YSDM: { name: 'YSDM', type: 'TEXT', zh: '要素代码', en: 'Feature code' },
  BZ: { name: 'BZ', type: 'TEXT', zh: '备注', en: 'Remarks' },
  XZQDM: { name: 'XZQDM', type: 'TEXT', zh: '行政区代码', en: 'Admin code', required: true },
  XZQMC: { name: 'XZQMC', type: 'TEXT', zh: '行政区名称', en: 'Admin name', required: true },
  ZLDWDM: { name: 'ZLDWDM', type: 'TEXT', zh: '坐落单位代码', en: 'Location unit code', domain: 'village' },
  ZLDWMC: { name: 'ZLDWMC', type: 'TEXT', zh: '坐落单位名称', en: 'Location unit name' },
  DLBM: { name: 'DLBM', type: 'TEXT', zh: '地类编码', en: 'Land-use code', required: true, domain: 'dlbm' },
  DLMC: { name: 'DLMC', type: 'TEXT', zh: '地类名称', en: 'Land-use name' },
  TBMJ: { name: 'TBMJ', type: 'REAL', zh: '图斑面积（m²）', en: 'Parcel area (m²)' },
  MJ: { name: 'MJ', type: 'REAL', zh: '面积（m²）', en: 'Area (m²)' },
} satisfies Record<string, FieldDef>;

const line = (c: [number, number, number], fill: [number, number, number], fillOpacity: number): LayerStyle => ({
  mode: 'fixed',
  fillColor: fill,
  lineColor: c,
  lineWidthPx: 2,
  fillOpacity,
});

export const LAYER_KINDS: Record<LayerKindId, LayerKindDef> = {
  eco_redline: {
    id: 'eco_redline', zh: '生态保护红线', en: 'Ecological protection red line', table: 'stbhhx',
    geometry: 'MULTIPOLYGON', group: 'control_lines',
    fields: [common.BSM, common.YSDM, common.XZQDM, common.XZQMC,
      { name: 'HXBH', type: 'TEXT', zh: '红线编号', en: 'Red-line number' },
      { name: 'HXMC', type: 'TEXT', zh: '红线名称', en: 'Red-line name', required: true },
      { name: 'HXLX', type: 'TEXT', zh: '红线类型', en: 'Red-line type' },
      common.MJ, common.BZ],
    style: line([220, 30, 30], [230, 80, 80], 0.35),
  },
  permanent_farmland: {
    id: 'permanent_farmland', zh: '永久基本农田', en: 'Permanent basic farmland', table: 'yjjbnt',
    geometry: 'MULTIPOLYGON', group: 'control_lines',
    fields: [common.BSM, common.YSDM,
      { name: 'JBNTTBBH', type: 'TEXT', zh: '基本农田图斑编号', en: 'Farmland parcel number' },
      { name: 'TBBH', type: 'TEXT', zh: '图斑编号', en: 'Parcel number' },
      common.ZLDWDM, common.ZLDWMC, common.DLBM, common.DLMC,
      { name: 'GDLX', type: 'TEXT', zh: '耕地类型', en: 'Cultivated land type' },
      { name: 'GDDB', type: 'INTEGER', zh: '耕地等别', en: 'Cultivated land grade' },
      common.TBMJ,
      { name: 'JBNTMJ', type: 'REAL', zh: '基本农田面积（m²）', en: 'Farmland area (m²)' },
      common.BZ],
    style: line([230, 160, 0], [250, 210, 60], 0.45),
  },
  urban_boundary: {
    id: 'urban_boundary', zh: '城镇开发边界', en: 'Urban development boundary', table: 'czkfbj',
    geometry: 'MULTIPOLYGON', group: 'control_lines',
    fields: [common.BSM, common.YSDM, common.XZQDM, common.XZQMC,
      { name: 'BJBH', type: 'TEXT', zh: '边界编号', en: 'Boundary number' },
      { name: 'KFBJLX', type: 'TEXT', zh: '开发边界类型', en: 'Boundary type (集中建设区/弹性发展区/特别用途区)' },
      common.MJ, common.BZ],
    style: line([150, 40, 170], [190, 110, 210], 0.25),
  },
  landuse: {
    id: 'landuse', zh: '三调地类图斑', en: '三调 land-use parcels', table: 'dltb',
    geometry: 'MULTIPOLYGON', group: 'reference',
    fields: [common.BSM, common.YSDM,
      { name: 'TBYBH', type: 'TEXT', zh: '图斑预编号', en: 'Parcel pre-number' },
      { name: 'TBBH', type: 'TEXT', zh: '图斑编号', en: 'Parcel number', required: true },
      common.DLBM, common.DLMC,
      { name: 'QSXZ', type: 'TEXT', zh: '权属性质', en: 'Ownership type' },
      { name: 'QSDWDM', type: 'TEXT', zh: '权属单位代码', en: 'Owner unit code' },
      { name: 'QSDWMC', type: 'TEXT', zh: '权属单位名称', en: 'Owner unit name' },
      common.ZLDWDM, common.ZLDWMC,
      { name: 'KCDLBM', type: 'TEXT', zh: '扣除地类编码', en: 'Deducted land-use code' },
      { name: 'KCXS', type: 'REAL', zh: '扣除地类系数', en: 'Deduction coefficient' },
      { name: 'KCMJ', type: 'REAL', zh: '扣除地类面积', en: 'Deducted area' },
      { name: 'TBDLMJ', type: 'REAL', zh: '图斑地类面积', en: 'Parcel land-use area' },
      { name: 'GDLX', type: 'TEXT', zh: '耕地类型', en: 'Cultivated land type' },
      { name: 'GDPDJB', type: 'TEXT', zh: '耕地坡度级别', en: 'Slope grade' },
      { name: 'CZCSXM', type: 'TEXT', zh: '城镇村属性码', en: 'Settlement attribute code', domain: 'czcsxm' },
      { name: 'SJNF', type: 'INTEGER', zh: '数据年份', en: 'Data year' },
      common.TBMJ, common.BZ],
    style: { mode: 'dlbm', fillColor: [200, 200, 200], lineColor: [120, 120, 120], lineWidthPx: 0.5, fillOpacity: 0.85, labelField: 'TBBH' },
  },
  county: {
    id: 'county', zh: '区县', en: 'Districts / counties', table: 'xzq_county', geometry: 'MULTIPOLYGON', group: 'admin',
    fields: [common.BSM, common.YSDM, common.XZQDM, common.XZQMC,
      { name: 'DCMJ', type: 'REAL', zh: '调查面积（m²）', en: 'Surveyed area (m²)' }, common.BZ],
    style: { ...line([40, 40, 40], [255, 255, 255], 0), lineWidthPx: 3, labelField: 'XZQMC' },
  },
  town: {
    id: 'town', zh: '镇街', en: 'Towns / streets', table: 'xzq_town', geometry: 'MULTIPOLYGON', group: 'admin',
    fields: [common.BSM, common.YSDM, common.XZQDM, common.XZQMC,
      { name: 'SJXZQDM', type: 'TEXT', zh: '上级行政区代码', en: 'Parent admin code' },
      { name: 'DCMJ', type: 'REAL', zh: '调查面积（m²）', en: 'Surveyed area (m²)' }, common.BZ],
    style: { ...line([70, 70, 70], [255, 255, 255], 0), lineWidthPx: 2, labelField: 'XZQMC' },
  },
  village: {
    id: 'village', zh: '村', en: 'Villages', table: 'cjdcq', geometry: 'MULTIPOLYGON', group: 'admin',
    fields: [common.BSM, common.YSDM,
      { name: 'ZLDWDM', type: 'TEXT', zh: '坐落单位代码', en: 'Village code', required: true },
      { name: 'ZLDWMC', type: 'TEXT', zh: '坐落单位名称', en: 'Village name', required: true },
      { name: 'SJXZQDM', type: 'TEXT', zh: '上级行政区代码', en: 'Parent (town) code' },
      { name: 'DCMJ', type: 'REAL', zh: '调查面积（m²）', en: 'Surveyed area (m²)' }, common.BZ],
    style: { ...line([110, 110, 110], [255, 255, 255], 0), lineWidthPx: 1, labelField: 'ZLDWMC' },
  },
  water: {
    id: 'water', zh: '水域', en: 'Water', table: 'water', geometry: 'MULTIPOLYGON', group: 'reference',
    fields: [common.BSM,
      { name: 'MC', type: 'TEXT', zh: '名称', en: 'Name' },
      { name: 'SYLX', type: 'TEXT', zh: '水域类型', en: 'Water type' }, common.DLBM, common.MJ,
      { name: 'LY', type: 'TEXT', zh: '数据来源', en: 'Source' }, common.BZ],
    style: { ...line([40, 110, 190], [120, 180, 235], 0.7), lineWidthPx: 1, labelField: 'MC' },
  },
  // Constraint layers a site pre-check (选址) measures against, besides the three lines and water. No national
  // database standard fixes their field names; these follow the provincial 生态空间管控区域 and 自然保护地 tables.
  eco_space: {
    id: 'eco_space', zh: '生态空间管控区域', en: 'Ecological space control zones (Jiangsu)', table: 'stkjgkqy',
    geometry: 'MULTIPOLYGON', group: 'protection',
    fields: [common.BSM, common.XZQDM, common.XZQMC,
      { name: 'GKQYMC', type: 'TEXT', zh: '管控区域名称', en: 'Zone name', required: true },
      { name: 'STGN', type: 'TEXT', zh: '主导生态功能', en: 'Main ecological function' },
      common.MJ, common.BZ],
    style: { ...line([30, 140, 110], [120, 200, 170], 0.25), lineWidthPx: 1.5, labelField: 'GKQYMC' },
  },
  nature_reserve: {
    id: 'nature_reserve', zh: '自然保护地', en: 'Protected natural areas', table: 'zrbhd',
    geometry: 'MULTIPOLYGON', group: 'protection',
    fields: [common.BSM,
      { name: 'ZRBHDMC', type: 'TEXT', zh: '自然保护地名称', en: 'Name', required: true },
      { name: 'ZRBHDLX', type: 'TEXT', zh: '类型（国家公园/自然保护区/自然公园）', en: 'Type', required: true },
      { name: 'JB', type: 'TEXT', zh: '级别', en: 'Level' },
      { name: 'GNFQ', type: 'TEXT', zh: '功能分区', en: 'Functional zone' },
      common.MJ, common.BZ],
    style: { ...line([20, 110, 40], [90, 170, 90], 0.3), labelField: 'ZRBHDMC' },
  },
  farmland_reserve: {
    id: 'farmland_reserve', zh: '永久基本农田储备区', en: 'Permanent farmland reserve', table: 'jbntcbq',
    geometry: 'MULTIPOLYGON', group: 'protection',
    fields: [common.BSM,
      { name: 'TBBH', type: 'TEXT', zh: '图斑编号', en: 'Parcel number' },
      common.ZLDWDM, common.ZLDWMC, common.DLBM, common.DLMC,
      { name: 'GDDB', type: 'INTEGER', zh: '耕地等别', en: 'Cultivated land grade' },
      common.TBMJ, common.BZ],
    style: { ...line([200, 150, 20], [240, 225, 150], 0.45), lineWidthPx: 1 },
  },
  project_area: {
    id: 'project_area', zh: '全域土地综合整治项目区', en: 'Land-consolidation project areas', table: 'zz_xmq',
    geometry: 'MULTIPOLYGON', group: 'consolidation',
    fields: [common.BSM,
      { name: 'XMBH', type: 'TEXT', zh: '项目编号', en: 'Project code', required: true },
      { name: 'XMMC', type: 'TEXT', zh: '项目名称', en: 'Project name', required: true },
      { name: 'XZQDM', type: 'TEXT', zh: '所在镇代码', en: 'Town code', domain: 'town' },
      { name: 'XZQMC', type: 'TEXT', zh: '所在镇', en: 'Town' },
      { name: 'SJCM', type: 'TEXT', zh: '涉及村', en: 'Villages' },
      { name: 'JSQX', type: 'TEXT', zh: '建设期限', en: 'Period' },
      { name: 'TZZE', type: 'REAL', zh: '投资总额（万元）', en: 'Investment (10k CNY)' },
      { name: 'XMZT', type: 'TEXT', zh: '项目状态', en: 'Status' }, common.MJ, common.BZ,
      // Added with issue #6 (migration 5 adds it to existing layers): 全域整治 / 增减挂钩 / 工矿复垦 / 占补平衡.
      { name: 'XMLX', type: 'TEXT', zh: '项目类型', en: 'Project type', domain: 'xmlx' }],
    style: { ...line([0, 120, 60], [80, 190, 120], 0.15), lineWidthPx: 3, labelField: 'XMMC' },
  },
  project_subzone: {
    id: 'project_subzone', zh: '整治子区', en: 'Project sub-zones', table: 'zz_zq',
    geometry: 'MULTIPOLYGON', group: 'consolidation',
    fields: [common.BSM,
      { name: 'XMBH', type: 'TEXT', zh: '项目编号', en: 'Project code', required: true },
      { name: 'ZQLX', type: 'TEXT', zh: '子区类型', en: 'Sub-zone type', required: true, domain: 'zqlx' },
      { name: 'ZQMC', type: 'TEXT', zh: '子区名称', en: 'Sub-zone name' },
      { name: 'GHDLBM', type: 'TEXT', zh: '规划地类编码', en: 'Planned land use (DLBM)', domain: 'dlbm' },
      common.MJ, common.BZ,
      // Added with issue #6 (migration 5): 耕地质量等别 of land moved into 永久基本农田 (1 best … 15).
      { name: 'GDDB', type: 'INTEGER', zh: '耕地质量等别', en: 'Cultivated land grade' }],
    style: { ...line([0, 90, 40], [160, 220, 120], 0.4), lineWidthPx: 1.5, labelField: 'ZQLX' },
  },
  user: {
    id: 'user', zh: '用户图层', en: 'User layer', table: 'user_layer', geometry: 'MULTIPOLYGON', group: 'user',
    fields: [{ name: 'MC', type: 'TEXT', zh: '名称', en: 'Name' }, common.BZ],
    style: line([60, 60, 200], [120, 120, 230], 0.3),
  },
};

export const LAYER_KIND_IDS = Object.keys(LAYER_KINDS) as LayerKindId[];
