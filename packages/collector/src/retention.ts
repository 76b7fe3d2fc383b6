import type { DataClassification, Submission } from '@feedbackkit/core';
import type { Store } from './store.js';

/** What happens to a submission of one classification level once it is older than `days`. */
export interface RetentionRule {
  days: number;
  /**
   * 'delete' removes the submission and its ratings (its scores disappear too);
   * 'anonymise' keeps ratings, choices and context for aggregates but removes free text,
   * contact details, the transaction id and the page address.
   */
  action: 'delete' | 'anonymise';
}

/** Per level; `unclassified` covers submissions without a classification. `null` keeps forever. */
export type RetentionPolicy = Partial<Record<DataClassification | 'unclassified', RetentionRule | null>>;

/**
 * Defaults: the stricter the level, the shorter the life. Secret (秘密) is anonymised after a
 * year, confidential (机密) after 180 days, top secret (绝密) deleted after 30 days;
 * unclassified feedback is kept. Override per deployment: these are starting points, not law.
 */
export const DEFAULT_RETENTION: Readonly<Required<RetentionPolicy>> = {
  secret: { days: 365, action: 'anonymise' },
  confidential: { days: 180, action: 'anonymise' },
  'top-secret': { days: 30, action: 'delete' },
  unclassified: null,
};

export interface PurgeReport {
  at: string;
  dryRun: boolean;
  levels: Array<{ level: string; action: 'delete' | 'anonymise'; days: number; cutoff: string; count: number }>;
  deleted: number;
  anonymised: number;
}

const DAY = 86_400_000;
const BATCH = 1000;

/** A copy of a submission without free text, contact details, transaction id or page address. */
export function anonymise(s: Submission): Submission {
  const answers: Submission['answers'] = {};
  for (const [q, a] of Object.entries(s.answers)) {
    if (a.type === 'text') answers[q] = { type: 'text', value: '' };
    else if (a.type === 'consent') answers[q] = { type: 'consent', value: a.value };
    else answers[q] = a;
  }
  const { transaction: _t, page: _p, ...context } = s.context;
  return { ...s, answers, context };
}

/**
 * Deletes or anonymises every submission past its level's retention period (measured from
 * when the collector received it), writes one audit row, and reports what it did.
 */
export async function purgeExpired(store: Store, now: Date, policy: RetentionPolicy = DEFAULT_RETENTION, options: { dryRun?: boolean; actor?: string } = {}): Promise<PurgeReport> {
  const dryRun = options.dryRun ?? false;
  const report: PurgeReport = { at: now.toISOString(), dryRun, levels: [], deleted: 0, anonymised: 0 };
  const merged = { ...DEFAULT_RETENTION, ...policy };
  for (const [level, rule] of Object.entries(merged) as Array<[string, RetentionRule | null]>) {
    if (!rule) continue;
    const cutoff = new Date(now.getTime() - rule.days * DAY).toISOString();
    const levelCond = level === 'unclassified' ? 'classification IS NULL' : 'classification = $2';
    const params = level === 'unclassified' ? [cutoff] : [cutoff, level];
    let count = 0;
    if (dryRun) {
      const extra = rule.action === 'anonymise' ? ' AND anonymised_at IS NULL' : '';
      const { rows } = await store.sql.query<{ n: number }>(`SELECT count(*)::integer AS n FROM submissions WHERE received_at < $1::timestamptz AND ${levelCond}${extra}`, params);
      count = Number(rows[0]?.n ?? 0);
    } else if (rule.action === 'delete') {
      count = await store.deleteSubmissions(`s.received_at < $1::timestamptz AND ${levelCond.replace('classification', 's.classification')}`, params);
    } else {
      for (;;) {
        const { rows } = await store.sql.query<{ id: string; payload: unknown }>(
          `SELECT id::text AS id, payload FROM submissions WHERE received_at < $1::timestamptz AND ${levelCond} AND anonymised_at IS NULL ORDER BY id LIMIT ${BATCH}`,
          params,
        );
        if (rows.length === 0) break;
        const updates = rows.map((r) => ({ id: r.id, payload: anonymise((typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Submission) }));
        const u = await store.sql.query(
          `UPDATE submissions s SET payload = u.payload, anonymised_at = $2::timestamptz
           FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, payload jsonb) WHERE s.id = u.id`,
          [JSON.stringify(updates), now.toISOString()],
        );
        count += u.rowCount;
        if (rows.length < BATCH) break;
      }
    }
    report.levels.push({ level, action: rule.action, days: rule.days, cutoff, count });
    if (rule.action === 'delete') report.deleted += count;
    else report.anonymised += count;
  }
  if (!dryRun) await store.audit(options.actor ?? 'retention', 'purge', { ...report });
  return report;
}
