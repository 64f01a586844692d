// Copy (paste) features from one layer into another, e.g. 三调 parcels into 永久基本农田. The geometry is copied
// verbatim (bit for bit, so the copy and the parcel share every vertex); attributes are mapped field by field:
//   1. a constant given for the target field, 2. an explicit mapping (target ← source field, or null for blank),
//   3. identifiers of the source feature (BSM, YSDM) stay behind: they name the feature in its own layer,
//   4. a source field of the same name, 5. area fields of the target kind from the source's area field
//   (JBNTMJ ← TBMJ), else the ellipsoidal area of the geometry, 6. otherwise empty.
// Columns of the target table beyond its kind's fields (kept by an import) follow the same rules: the source's
// value of the same name, else empty.
import type { AvoidOverlap, EditResult } from '../../../shared/contract/editing.js';
import { deriveAttributes } from '../../../shared/domain/attribute-form.js';
import { AREA_FIELDS } from '../../../shared/domain/attribute-policies.js';
import { LAYER_KINDS } from '../../../shared/domain/layer-kinds.js';
import { WorkbenchError } from '../errors.js';
import { adminUnits, fillAreaFields } from './attributes.js';
import type { EditContext } from './context.js';
import type { Attributes } from './features.js';
import { applyAvoidOverlap, requireValid, warnMissing } from './features-ops.js';

/** Identifiers that belong to the source layer's feature and are not carried into another layer. */
const NOT_COPIED = new Set(['BSM', 'YSDM']);
const SOURCE_AREA_ORDER = ['TBMJ', 'MJ', 'JBNTMJ', 'DCMJ'];

export interface CopyInput {
  fromLayerId: number;
  fids: number[];
  toLayerId: number;
  /** target field → source field (null: leave empty). */
  fieldMap?: Record<string, string | null>;
  /** Constant values for target fields. */
  attributes?: Attributes;
  avoidOverlap?: AvoidOverlap;
}

/** The attributes a copied feature gets in the target layer (before area fill and derived names). */
export function mapAttributes(targetFields: readonly string[], source: Attributes, opts: { fieldMap?: Record<string, string | null>; constants?: Attributes; sameLayer: boolean }): Attributes {
  const out: Attributes = {};
  const sourceArea = SOURCE_AREA_ORDER.map((f) => source[f]).find((v) => typeof v === 'number');
  for (const f of targetFields) {
    if (opts.constants && Object.prototype.hasOwnProperty.call(opts.constants, f)) out[f] = opts.constants[f] ?? null;
    else if (opts.fieldMap && Object.prototype.hasOwnProperty.call(opts.fieldMap, f)) {
      const from = opts.fieldMap[f];
      out[f] = from === null || from === undefined ? null : (source[from] ?? null);
    } else if (NOT_COPIED.has(f) && !opts.sameLayer) out[f] = null;
    else if (Object.prototype.hasOwnProperty.call(source, f)) out[f] = source[f] ?? null;
    else if (AREA_FIELDS.has(f) && f !== 'KCMJ' && sourceArea !== undefined) out[f] = sourceArea;
    else out[f] = null;
  }
  return out;
}

export function copyFeatures(ctx: EditContext, input: CopyInput): EditResult {
  const from = ctx.table(input.fromLayerId);
  const to = ctx.table(input.toLayerId);
  // The kind's fields and any other column of the target table (fields an import kept, columns added in QGIS):
  // those take the source's value of the same name, so a copy loses nothing the target can hold.
  const kindFields = LAYER_KINDS[to.layer.kind].fields.map((f) => f.name);
  const targetFields = [...kindFields, ...to.columns.filter((c) => !kindFields.includes(c))];
  for (const k of Object.keys({ ...input.fieldMap, ...input.attributes })) {
    if (!to.columns.includes(k)) throw new WorkbenchError('BAD_REQUEST', `${to.layer.name}没有字段 ${k} / ${to.layer.nameEn} has no field ${k}`);
  }
  for (const src of Object.values(input.fieldMap ?? {})) {
    if (src !== null && !from.columns.includes(src)) throw new WorkbenchError('BAD_REQUEST', `${from.layer.name}没有字段 ${src} / ${from.layer.nameEn} has no field ${src}`);
  }
  const fids = [...new Set(input.fids)];
  const images = fids.map((fid) => ({ fid, img: from.require(fid) }));
  const admin = adminUnits(ctx.ws);
  return ctx.history.run('copy', (tx) => {
    const created: number[] = [];
    for (const { fid, img } of images) {
      const label = from.label(fid);
      if (!img.wkb) continue;
      requireValid(ctx, img.wkb, label);
      const what = { zh: `${label.zh} 的副本`, en: `the copy of ${label.en}` };
      const wkb = applyAvoidOverlap(ctx, tx, img.wkb, input.avoidOverlap, [], what);
      let attrs = mapAttributes(targetFields, img.attrs, { fieldMap: input.fieldMap, constants: input.attributes, sameLayer: input.fromLayerId === input.toLayerId });
      attrs = deriveAttributes(to.layer.kind, attrs, admin);
      attrs = fillAreaFields(ctx.db, ctx.ws.srid, to.layer, attrs, wkb);
      const nf = tx.create(input.toLayerId, attrs, wkb);
      created.push(nf);
      warnMissing(ctx, tx, input.toLayerId, nf, attrs);
    }
    if (!created.length) throw new WorkbenchError('NO_EFFECT', '没有可复制的要素 / Nothing to copy');
    return created.length === 1
      ? { zh: `复制 ${from.label(images[0]!.fid).zh} 到${to.layer.name}（#${created[0]}）`, en: `Copied ${from.label(images[0]!.fid).en} into ${to.layer.nameEn} (#${created[0]})` }
      : { zh: `复制 ${from.layer.name} 的 ${created.length} 个要素到${to.layer.name}`, en: `Copied ${created.length} features of ${from.layer.nameEn} into ${to.layer.nameEn}` };
  });
}
