/** Metric domains and linear mapping for the SVG charts (pure, so it is tested in Node). */

export type Metric = 'nps' | 'csat' | 'ces' | 'index';

export interface MetricInfo {
  id: Metric;
  label: string;
  /** What the headline number is. */
  unit: string;
  domain: [number, number];
  digits: number;
}

export const METRIC_INFO: Record<Metric, MetricInfo> = {
  nps: { id: 'nps', label: 'NPS', unit: 'promoters − detractors, −100 to 100', domain: [-100, 100], digits: 0 },
  csat: { id: 'csat', label: 'CSAT', unit: '% satisfied (top-2 box of 5)', domain: [0, 100], digits: 0 },
  ces: { id: 'ces', label: 'CES', unit: 'mean ease, 1 to 7', domain: [1, 7], digits: 2 },
  index: { id: 'index', label: 'Counter index', unit: 'counter evaluator (3 levels), mean on 0 to 100', domain: [0, 100], digits: 0 },
};

/** Maps `value` in `domain` onto [0, width], clamped (an interval may reach past the domain). */
export function toX(value: number, domain: readonly [number, number], width: number): number {
  const [lo, hi] = domain;
  if (!Number.isFinite(value) || hi <= lo) return 0;
  const t = (value - lo) / (hi - lo);
  return Math.min(1, Math.max(0, t)) * width;
}

/** Bar lengths for counts, the largest count filling `width`; all zero when every count is zero. */
export function barLengths(counts: readonly number[], width: number): number[] {
  const max = Math.max(0, ...counts);
  return counts.map((c) => (max > 0 && c > 0 ? (c / max) * width : 0));
}

/** A number for people: fixed digits, a real minus sign, "—" for a missing value. */
export function formatScore(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const s = value.toFixed(digits);
  return s.startsWith('-') && Number(s) !== 0 ? `−${s.slice(1)}` : s.replace(/^-/, '');
}

/** Points of a polyline for a series of scores over equally spaced windows. */
export function sparkPoints(values: readonly number[], domain: readonly [number, number], width: number, height: number): string {
  if (values.length === 0) return '';
  const step = values.length === 1 ? 0 : width / (values.length - 1);
  return values
    .map((v, i) => `${(values.length === 1 ? width / 2 : i * step).toFixed(1)},${(height - toX(v, domain, height)).toFixed(1)}`)
    .join(' ');
}
