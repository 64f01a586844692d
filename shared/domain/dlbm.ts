import { DLBM_TABLE, type DlbmEntry } from './dlbm-table.js';

export type { DlbmEntry };
export { DLBM_TABLE };

const byCode = new Map(DLBM_TABLE.map((e) => [e.code, e]));

export function dlbmEntry(code: string): DlbmEntry | undefined {
  return byCode.get(code);
}

/** First-level class (一级类) of a DLBM code: '0101' → '01', '08H2A' → '08', '09' → '09'. */
export function dlbmFirstLevel(code: string): string {
  return code.slice(0, 2);
}

export function dlbmName(code: string): string | undefined {
  return byCode.get(code)?.name;
}

/** Conventional 三调 colour; unknown codes fall back to their first-level class, then to grey. */
export function dlbmColor(code: string | null | undefined): [number, number, number] {
  if (!code) return [200, 200, 200];
  const e = byCode.get(code) ?? byCode.get(code.replace(/[AK]$/, ''));
  if (e && (e.rgb[0] !== 200 || e.rgb[1] !== 200 || e.rgb[2] !== 200)) return e.rgb;
  const first = DLBM_TABLE.find((x) => x.parent === dlbmFirstLevel(code) && x.level === 2);
  return first?.rgb ?? [200, 200, 200];
}

const CONSTRUCTION_SECOND_LEVEL = new Set(['0601', '0602', '1001', '1002', '1003', '1004', '1005', '1007', '1008', '1009', '1109', '1201']);

/**
 * 建设用地 in the 三大类 sense used for 开发强度: 05, 07, 08, 09 wholly; 0601 工业, 0602 采矿 (not 0603 盐田);
 * transport except 1006 农村道路; 1109 水工建筑用地; 1201 空闲地.
 */
export function isConstructionLand(code: string): boolean {
  const first = dlbmFirstLevel(code);
  return ['05', '07', '08', '09'].includes(first) || CONSTRUCTION_SECOND_LEVEL.has(code.slice(0, 4));
}

export function isCultivated(code: string): boolean {
  return dlbmFirstLevel(code) === '01';
}
