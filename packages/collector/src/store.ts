import type { ScaleKind, ScaleRef, Submission } from '@feedbackkit/core';
import { CONTEXT_COLUMNS, migrate, type ContextKey } from './migrations.js';
import type { SqlClient, SqlRunner } from './sql.js';

/** One rating answer, flattened for SQL tallies. */
export interface RatingRow {
  questionId: string;
  kind: ScaleKind;
  /** core's stable scale id, e.g. 'nps', 'csat5', 'ces7'. */
  scaleId: string;
  scale: ScaleRef;
  value: number;
  reasons: string[];
}

/** A validated submission ready to store. */
export interface PreparedSubmission {
  id: string;
  payload: Submission;
  hash: string;
  createdAt: string;
  occurredAt: string;
  receivedAt: string;
  sentAt: string | null;
  skewMs: number | null;
  siteKey: string | null;
  context: Partial<Record<ContextKey, string>>;
  surveyVersion: number | null;
  status: string;
  classification: string | null;
  ratings: RatingRow[];
}

export type CalendarWindow = 'day' | 'week' | 'month' | 'quarter';
export const WINDOWS: readonly CalendarWindow[] = ['day', 'week', 'month', 'quarter'];

/**
 * `to_char` patterns that give the same window keys as core's `calendarKey` (day
 * '2026-03-08', ISO week '2026-W10', month '2026-03', quarter '2026-Q1'), so keys from SQL
 * and from JavaScript can be joined. Passed as a bound parameter, never spliced into SQL.
 */
export const WINDOW_FORMATS: Readonly<Record<CalendarWindow, string>> = {
  day: 'YYYY-MM-DD',
  week: 'IYYY-"W"IW',
  month: 'YYYY-MM',
  quarter: 'YYYY-"Q"Q',
};

export interface RatingFilter {
  /** core's scale id ('nps', 'csat5', …): one tally never mixes scales. */
  scaleId: string;
  question?: string;
  /** Inclusive lower bound on `occurred_at` (ISO). */
  from?: string;
  /** Exclusive upper bound on `occurred_at` (ISO). */
  to?: string;
  where?: Partial<Record<ContextKey, string>>;
}

export interface TallyQuery extends RatingFilter {
  groupBy?: ContextKey;
  window?: CalendarWindow;
  /** IANA time zone for calendar windows (default UTC). */
  tz?: string;
}

/** Counts of one scale value within one (group, window) cell, straight from GROUP BY. */
export interface CountRow {
  group: string | null;
  window: string | null;
  value: number;
  n: number;
}

export interface ReasonRow {
  group: string | null;
  code: string;
  n: number;
}

export interface StoredAlert {
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
  detail: Record<string, unknown>;
  ackedAt: string | null;
  ackedBy: string | null;
}

export type NewAlert = Omit<StoredAlert, 'id' | 'createdAt' | 'ackedAt' | 'ackedBy'>;

export interface ExportRow {
  id: string;
  createdAt: string;
  occurredAt: string;
  receivedAt: string;
  clockSkewMs: number | null;
  status: string;
  classification: string | null;
  surveyVersion: number | null;
  context: Partial<Record<ContextKey, string | null>>;
  payload: Submission;
}

export interface InsertOutcome {
  /** Ids stored by this call. */
  inserted: Set<string>;
  /** Ids that were already stored (by anyone), with the stored payload hash. */
  existing: Map<string, string>;
}

const contextKeys = Object.keys(CONTEXT_COLUMNS) as ContextKey[];
const contextCols = contextKeys.map((k) => CONTEXT_COLUMNS[k]);

function iso(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** The storage layer: every SQL statement the collector runs lives here. */
export class Store {
  constructor(readonly sql: SqlClient) {}

  migrate(): Promise<number[]> {
    return migrate(this.sql);
  }

  /**
   * Stores new submissions and their rating rows in one statement: ON CONFLICT DO NOTHING
   * makes a re-sent id a no-op, and ratings are written only for rows this call inserted, so
   * several collectors racing on one id store it (and its ratings) exactly once.
   */
  async insertSubmissions(items: readonly PreparedSubmission[]): Promise<InsertOutcome> {
    const inserted = new Set<string>();
    const existing = new Map<string, string>();
    if (items.length === 0) return { inserted, existing };
    const subs = items.map((s) => ({
      id: s.id,
      payload: s.payload,
      payload_hash: s.hash,
      created_at: s.createdAt,
      occurred_at: s.occurredAt,
      received_at: s.receivedAt,
      sent_at: s.sentAt,
      clock_skew_ms: s.skewMs,
      site_key: s.siteKey,
      survey_version: s.surveyVersion,
      status: s.status,
      classification: s.classification,
      ...Object.fromEntries(contextKeys.map((k) => [CONTEXT_COLUMNS[k], s.context[k] ?? null])),
    }));
    const ratings = items.flatMap((s) =>
      s.ratings.map((r) => ({
        submission_id: s.id,
        question_id: r.questionId,
        scale_kind: r.kind,
        scale_id: r.scaleId,
        scale: r.scale,
        value: r.value,
        reasons: r.reasons,
        occurred_at: s.occurredAt,
        ...Object.fromEntries(contextKeys.map((k) => [CONTEXT_COLUMNS[k], s.context[k] ?? null])),
      })),
    );
    const ctxDecl = contextCols.map((c) => `${c} text`).join(', ');
    const ctxList = contextCols.join(', ');
    const { rows } = await this.sql.query<{ id: string }>(
      `WITH incoming AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(
           id uuid, payload jsonb, payload_hash text, created_at timestamptz, occurred_at timestamptz,
           received_at timestamptz, sent_at timestamptz, clock_skew_ms double precision, site_key text,
           survey_version integer, status text, classification text, ${ctxDecl})
       ), ins AS (
         INSERT INTO submissions (id, payload, payload_hash, created_at, occurred_at, received_at, sent_at,
           clock_skew_ms, site_key, survey_version, status, classification, ${ctxList})
         SELECT id, payload, payload_hash, created_at, occurred_at, received_at, sent_at, clock_skew_ms, site_key,
           survey_version, status, classification, ${ctxList} FROM incoming
         ON CONFLICT (id) DO NOTHING
         RETURNING id
       ), r AS (
         INSERT INTO ratings (submission_id, question_id, scale_kind, scale_id, scale, value, reasons, occurred_at, ${ctxList})
         SELECT x.submission_id, x.question_id, x.scale_kind, x.scale_id, x.scale, x.value, x.reasons, x.occurred_at, ${contextCols.map((c) => `x.${c}`).join(', ')}
         FROM jsonb_to_recordset($2::jsonb) AS x(
           submission_id uuid, question_id text, scale_kind text, scale_id text, scale jsonb,
           value double precision, reasons text[], occurred_at timestamptz, ${ctxDecl})
         WHERE x.submission_id IN (SELECT id FROM ins)
         RETURNING 1
       )
       SELECT id::text AS id FROM ins`,
      [JSON.stringify(subs), JSON.stringify(ratings)],
    );
    for (const r of rows) inserted.add(r.id);
    const others = items.map((s) => s.id).filter((id) => !inserted.has(id));
    if (others.length > 0) {
      const found = await this.sql.query<{ id: string; payload_hash: string }>(
        'SELECT id::text AS id, payload_hash FROM submissions WHERE id = ANY($1::uuid[])',
        [others],
      );
      for (const r of found.rows) existing.set(r.id, r.payload_hash);
    }
    return { inserted, existing };
  }

  private ratingWhere(f: RatingFilter, params: unknown[]): string {
    const clauses: string[] = [];
    params.push(f.scaleId);
    clauses.push(`scale_id = $${params.length}`);
    if (f.question !== undefined) {
      params.push(f.question);
      clauses.push(`question_id = $${params.length}`);
    }
    if (f.from !== undefined) {
      params.push(f.from);
      clauses.push(`occurred_at >= $${params.length}::timestamptz`);
    }
    if (f.to !== undefined) {
      params.push(f.to);
      clauses.push(`occurred_at < $${params.length}::timestamptz`);
    }
    for (const key of contextKeys) {
      const v = f.where?.[key];
      if (v === undefined) continue;
      params.push(v);
      // Column names come from the CONTEXT_COLUMNS whitelist, never from request text.
      clauses.push(`${CONTEXT_COLUMNS[key]} = $${params.length}`);
    }
    return clauses.join(' AND ');
  }

  private windowExpr(q: TallyQuery, params: unknown[]): string {
    if (q.window === undefined) return 'NULL::text';
    if (!WINDOWS.includes(q.window)) throw new Error(`window ${q.window} is not whitelisted`);
    params.push(WINDOW_FORMATS[q.window]);
    const fmt = params.length;
    params.push(q.tz ?? 'UTC');
    const tz = params.length;
    return `to_char(occurred_at AT TIME ZONE $${tz}, $${fmt})`;
  }

  private groupExpr(key: ContextKey | undefined): string {
    if (key === undefined) return 'NULL::text';
    const col = CONTEXT_COLUMNS[key];
    if (col === undefined) throw new Error(`groupBy ${String(key)} is not whitelisted`);
    return col;
  }

  /** Counts per scale value per (group, window): the tally, computed by the database. */
  async countRatings(q: TallyQuery): Promise<CountRow[]> {
    const params: unknown[] = [];
    const where = this.ratingWhere(q, params);
    const win = this.windowExpr(q, params);
    const grp = this.groupExpr(q.groupBy);
    const { rows } = await this.sql.query<{ grp: string | null; win: string | null; value: number; n: number }>(
      `SELECT ${grp} AS grp, ${win} AS win, value, count(*)::integer AS n
       FROM ratings WHERE ${where} GROUP BY 1, 2, 3`,
      params,
    );
    return rows.map((r) => ({ group: r.grp, window: r.win, value: Number(r.value), n: Number(r.n) }));
  }

  /** Reason codes counted per group, with the number of ratings that gave any reason. */
  async countReasons(q: RatingFilter & { groupBy?: ContextKey }): Promise<{ reasons: ReasonRow[]; totals: Map<string | null, { ratings: number; withReasons: number }> }> {
    const params: unknown[] = [];
    const where = this.ratingWhere(q, params);
    const grp = this.groupExpr(q.groupBy);
    const reasons = await this.sql.query<{ grp: string | null; code: string; n: number }>(
      `SELECT ${grp} AS grp, code, count(*)::integer AS n
       FROM ratings CROSS JOIN LATERAL unnest(reasons) AS code WHERE ${where} GROUP BY 1, 2`,
      params,
    );
    const totals = await this.sql.query<{ grp: string | null; ratings: number; with_reasons: number }>(
      `SELECT ${grp} AS grp, count(*)::integer AS ratings,
              count(*) FILTER (WHERE cardinality(reasons) > 0)::integer AS with_reasons
       FROM ratings WHERE ${where} GROUP BY 1`,
      params,
    );
    return {
      reasons: reasons.rows.map((r) => ({ group: r.grp, code: r.code, n: Number(r.n) })),
      totals: new Map(totals.rows.map((r) => [r.grp, { ratings: Number(r.ratings), withReasons: Number(r.with_reasons) }])),
    };
  }

  /** Submissions for export, oldest first. */
  async exportSubmissions(f: { from?: string; to?: string; where?: Partial<Record<ContextKey, string>>; limit: number }): Promise<ExportRow[]> {
    const params: unknown[] = [];
    const clauses: string[] = ['TRUE'];
    if (f.from !== undefined) {
      params.push(f.from);
      clauses.push(`occurred_at >= $${params.length}::timestamptz`);
    }
    if (f.to !== undefined) {
      params.push(f.to);
      clauses.push(`occurred_at < $${params.length}::timestamptz`);
    }
    for (const key of contextKeys) {
      const v = f.where?.[key];
      if (v === undefined) continue;
      params.push(v);
      clauses.push(`${CONTEXT_COLUMNS[key]} = $${params.length}`);
    }
    params.push(f.limit);
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT id::text AS id, payload, created_at, occurred_at, received_at, clock_skew_ms, status, classification,
              survey_version, ${contextCols.join(', ')}
       FROM submissions WHERE ${clauses.join(' AND ')} ORDER BY received_at, id LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: String(r.id),
      createdAt: iso(r.created_at),
      occurredAt: iso(r.occurred_at),
      receivedAt: iso(r.received_at),
      clockSkewMs: num(r.clock_skew_ms),
      status: String(r.status),
      classification: (r.classification as string | null) ?? null,
      surveyVersion: num(r.survey_version),
      context: Object.fromEntries(contextKeys.map((k) => [k, (r[CONTEXT_COLUMNS[k]] as string | null) ?? null])),
      payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Submission,
    }));
  }

  async countSubmissions(): Promise<number> {
    const { rows } = await this.sql.query<{ n: number }>('SELECT count(*)::integer AS n FROM submissions');
    return Number(rows[0]?.n ?? 0);
  }

  async audit(actor: string, action: string, detail: Record<string, unknown>, runner: SqlRunner = this.sql): Promise<void> {
    await runner.query('INSERT INTO audit_log (actor, action, detail) VALUES ($1, $2, $3::jsonb)', [actor, action, JSON.stringify(detail)]);
  }

  async auditLog(limit = 100): Promise<Array<{ id: string; at: string; actor: string; action: string; detail: Record<string, unknown> }>> {
    const { rows } = await this.sql.query<Record<string, unknown>>(
      'SELECT id::text AS id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      at: iso(r.at),
      actor: String(r.actor),
      action: String(r.action),
      detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<string, unknown>,
    }));
  }

  /** Inserts alerts not stored yet (one per metric, segment, period and rule); returns the new ones. */
  async insertAlerts(alerts: readonly NewAlert[]): Promise<StoredAlert[]> {
    if (alerts.length === 0) return [];
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `INSERT INTO alerts (metric, group_by, segment, period, rule, value, baseline, threshold, detail)
       SELECT metric, group_by, segment, period, rule, value, baseline, threshold, detail
       FROM jsonb_to_recordset($1::jsonb) AS a(metric text, group_by text, segment text, period text, rule text,
         value double precision, baseline double precision, threshold double precision, detail jsonb)
       ON CONFLICT (metric, group_by, segment, period, rule) DO NOTHING
       RETURNING *`,
      [
        JSON.stringify(
          alerts.map((a) => ({
            metric: a.metric,
            group_by: a.groupBy,
            segment: a.segment,
            period: a.period,
            rule: a.rule,
            value: a.value,
            baseline: a.baseline,
            threshold: a.threshold,
            detail: a.detail,
          })),
        ),
      ],
    );
    return rows.map(toAlert);
  }

  async listAlerts(status: 'open' | 'acked' | 'all', limit: number): Promise<StoredAlert[]> {
    const cond = status === 'open' ? 'acked_at IS NULL' : status === 'acked' ? 'acked_at IS NOT NULL' : 'TRUE';
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT * FROM alerts WHERE ${cond} ORDER BY created_at DESC, id DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toAlert);
  }

  /** Acknowledges an alert once; returns it, or null when there is no such alert. */
  async ackAlert(id: string, by: string, at: string): Promise<StoredAlert | null> {
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `UPDATE alerts SET acked_at = COALESCE(acked_at, $2::timestamptz), acked_by = COALESCE(acked_by, $3)
       WHERE id = $1::bigint RETURNING *`,
      [id, at, by],
    );
    return rows[0] ? toAlert(rows[0]) : null;
  }
}

function toAlert(r: Record<string, unknown>): StoredAlert {
  return {
    id: String(r.id),
    createdAt: iso(r.created_at),
    metric: String(r.metric),
    groupBy: String(r.group_by),
    segment: String(r.segment),
    period: String(r.period),
    rule: String(r.rule),
    value: num(r.value),
    baseline: num(r.baseline),
    threshold: num(r.threshold),
    detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : (r.detail ?? {})) as Record<string, unknown>,
    ackedAt: r.acked_at ? iso(r.acked_at) : null,
    ackedBy: (r.acked_by as string | null) ?? null,
  };
}
