// Area units planners report in. Store m², convert for display only (domain.md: 1 公顷 = 15 亩).
export const M2_PER_HECTARE = 10_000;
export const MU_PER_HECTARE = 15;
export const M2_PER_MU = M2_PER_HECTARE / MU_PER_HECTARE;

export interface AreaValue {
  m2: number;
  ha: number;
  mu: number;
}

export function areaFromM2(m2: number): AreaValue {
  return { m2, ha: m2 / M2_PER_HECTARE, mu: m2 / M2_PER_MU };
}

/** Display rounding: 公顷 to 4 decimals, 亩 to 2 (the precision 三调 tables print). Never round before summing. */
export function formatArea(m2: number, locale: 'zh' | 'en' = 'zh'): string {
  const { ha, mu } = areaFromM2(m2);
  const fmt = (n: number, d: number) =>
    n.toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  return locale === 'zh' ? `${fmt(ha, 4)} 公顷（${fmt(mu, 2)} 亩）` : `${fmt(ha, 4)} ha (${fmt(mu, 2)} mu)`;
}
