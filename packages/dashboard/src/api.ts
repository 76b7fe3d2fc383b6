/** The collector's read API as the dashboard uses it (same origin; admin token as a bearer header). */

export type Interval = [number, number];

export interface ScoreSummary {
  n: number;
  score: number;
  ci: Interval;
  smallSample: boolean;
  distribution: Array<{ value: number; count: number }>;
}

export interface ScoresResponse {
  overall: ScoreSummary | null;
  groups: Array<{ group: string | null; total: ScoreSummary }>;
}

export interface TrendsResponse {
  series: Array<{ group: string | null; points: Array<{ window: string; n: number; score: number; ci: Interval; smallSample: boolean }> }>;
}

export interface RankedRow {
  id: string;
  n: number;
  score: number;
  /** The score shrunk toward the overall one (what the rank is based on). */
  shrunk: number;
  ci: Interval;
  rank: number | null;
  tied: boolean;
}

export interface RankingsResponse {
  overall: { n: number; score: number } | null;
  minN: number;
  m: number;
  ranked: RankedRow[];
  unranked: RankedRow[];
}

export interface ReasonsResponse {
  groups: Array<{
    group: string | null;
    ratings: number;
    ratingsWithReasons: number;
    reasons: Array<{ code: string; count: number; shareOfRatingsWithReasons: number; shareOfRatings: number }>;
  }>;
}

export interface Alert {
  id: string;
  createdAt: string;
  metric: string;
  groupBy: string;
  segment: string;
  period: string;
  rule: string;
  value: number | null;
  baseline: number | null;
  threshold: number | null;
  ackedAt: string | null;
  ackedBy: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** From `Retry-After` (seconds or an HTTP date), when the answer had one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export class Api {
  constructor(
    readonly token: string,
    private readonly base = '',
  ) {}

  async get<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
    const qs = q.toString();
    return this.request<T>('GET', `${path}${qs ? `?${qs}` : ''}`);
  }

  async ackAlert(id: string): Promise<Alert> {
    const r = await this.request<{ alert: Alert }>('POST', `/v1/alerts/${encodeURIComponent(id)}/ack`);
    return r.alert;
  }

  private async request<T>(method: string, path: string): Promise<T> {
    const res = await fetch(`${this.base}${path}`, { method, headers: { authorization: `Bearer ${this.token}` }, cache: 'no-store' });
    if (!res.ok) {
      let message = `HTTP ${res.status}`;
      try {
        const body = (await res.json()) as { error?: { message?: string } };
        if (body.error?.message) message = body.error.message;
      } catch {
        /* not JSON */
      }
      const ra = res.headers.get('retry-after');
      const ms = ra === null ? NaN : /^\d+$/.test(ra) ? Number(ra) * 1000 : Date.parse(ra) - Date.now();
      throw new ApiError(res.status, message, ms >= 0 ? ms : undefined);
    }
    return (await res.json()) as T;
  }
}
