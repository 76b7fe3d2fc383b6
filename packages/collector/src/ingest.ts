import { redact, scaleFor, validateSubmission } from '@feedbackkit/core';
import type { IngestRejection, IngestResponse, Submission, SurveyDefinition } from '@feedbackkit/core';
import { ingestRequestSchema, safeParseSubmission } from '@feedbackkit/schema';
import { CONTEXT_COLUMNS, type ContextKey } from './migrations.js';
import type { PreparedSubmission, RatingRow, Store } from './store.js';

/** Looks up a survey definition by id (and version when the submission names one). */
export type SurveyRegistry = (id: string, version: number | undefined) => SurveyDefinition | undefined;

export interface IngestOptions {
  /** Largest number of submissions in one request (default 500). */
  maxItems: number;
  /**
   * Client clocks off by more than this are corrected by the measured skew (default 5 minutes);
   * a time still more than this after receivedAt is stored as receivedAt, with a warning.
   */
  skewToleranceMs: number;
  /**
   * A skew correction is applied only when the corrected time falls in [receivedAt − this,
   * receivedAt] (default 30 days); otherwise the item keeps its `createdAt` (or `receivedAt` when
   * that is in the future) and the answer carries a warning.
   */
  skewMaxAgeMs?: number | undefined;
  /** When set, submissions must name a survey it knows. */
  surveys?: SurveyRegistry | undefined;
  /**
   * What is stored of each accepted submission (default `redactTextAnswers`: card numbers, IBANs,
   * national ids, phone numbers and e-mail addresses in free-text answers masked with core's
   * `redact`); `false` stores it as received. Idempotency and conflicts compare the payload as
   * received, so a re-send of the same unredacted submission is acknowledged again.
   */
  redact?: false | ((submission: Submission) => Submission) | undefined;
  /** Extra per-item check (e.g. core's survey logic); return a reason to reject. */
  validate?: ((submission: Submission, survey: SurveyDefinition | undefined) => string | undefined) | undefined;
}

export interface IngestCaller {
  siteKey: string | null;
  /** Site the key is bound to: overrides `context.site` so a key cannot write another site's data. */
  site?: string | undefined;
  receivedAt: Date;
}

/** A request the ingest endpoint answers with a 4xx as a whole. */
export class IngestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface IngestResult extends IngestResponse {
  /** Submissions this request stored (not the re-sent ones). */
  stored: PreparedSubmission[];
  warnings: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_REASON = 300;
const MAX_CONTEXT_LENGTH = 200;
const MAX_DEPTH = 32;
/** Times outside this range are not storable (createdAt) or not a usable clock reading (sentAt). */
const MIN_TIME = Date.UTC(1970, 0, 1);
const MAX_TIME = Date.UTC(9000, 0, 1);
const DEFAULT_SKEW_MAX_AGE_MS = 30 * 86_400_000;
/** Per-item clock warnings listed in one answer; the rest are counted. */
const MAX_ITEM_WARNINGS = 20;
/** The wire protocol's sentAt: an ISO 8601 date-time with seconds and an offset (the schema's own check). */
const sentAtSchema = ingestRequestSchema.shape.sentAt;

/** Parses the body of `POST /v1/submissions` and checks the envelope; items are checked one by one later. */
export function parseEnvelope(body: string, maxItems: number): { sentAt: string | null; items: unknown[]; warnings: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    throw new IngestError(400, 'malformed-json', `body: not valid JSON (${(err as Error).message.slice(0, 120)})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new IngestError(400, 'invalid-envelope', `body: expected an object { protocol, sentAt, submissions }, got ${Array.isArray(json) ? 'an array' : json === null ? 'null' : typeof json}`);
  }
  const env = json as Record<string, unknown>;
  if (!('protocol' in env)) throw new IngestError(400, 'invalid-envelope', 'protocol: missing (expected 1)');
  if (env.protocol !== 1) {
    throw new IngestError(400, 'unsupported-protocol', `protocol: ${safeEcho(env.protocol)} is not supported (this collector speaks protocol 1)`);
  }
  if (!Array.isArray(env.submissions)) {
    throw new IngestError(400, 'invalid-envelope', `submissions: expected an array, got ${env.submissions === null ? 'null' : typeof env.submissions}`);
  }
  if (env.submissions.length > maxItems) {
    throw new IngestError(413, 'batch-too-large', `submissions: ${env.submissions.length} items exceed the limit of ${maxItems} per request`);
  }
  const warnings: string[] = [];
  const sentAt = parseSentAt(env.sentAt);
  if (sentAt === null) {
    // Not a reason to refuse the batch (a 4xx would dead-letter every valid item): the items keep
    // their own createdAt, uncorrected.
    warnings.push(
      `sentAt: ${safeEcho(env.sentAt)} is not an ISO 8601 date-time with an offset between 1970 and 9000 (e.g. "2026-11-22T10:00:00.000Z"); clock skew not measured for this batch`,
    );
  }
  return { sentAt, items: env.submissions, warnings };
}

/**
 * The batch's sentAt as an ISO instant, or null. Strict: the schema's format (date, time with
 * seconds, `Z` or `±hh:mm`; no bare dates, numbers or RFC 2822 dates that `Date.parse` would
 * take) and a year a clock could show (1970–8999), so what is stored is a real reading.
 */
export function parseSentAt(value: unknown): string | null {
  if (typeof value !== 'string' || !sentAtSchema.safeParse(value).success) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms) || ms < MIN_TIME || ms >= MAX_TIME) return null;
  return new Date(ms).toISOString();
}

/** Validates every item, stores the valid ones once, and answers per item. */
export async function ingest(store: Store, body: string, caller: IngestCaller, options: IngestOptions): Promise<IngestResult> {
  const { sentAt, items, warnings } = parseEnvelope(body, options.maxItems);
  const receivedAt = caller.receivedAt.toISOString();
  const skewMs = sentAt === null ? null : caller.receivedAt.getTime() - Date.parse(sentAt);
  const accepted: string[] = [];
  const rejected: IngestRejection[] = [];
  // Lower-cased id → the client's spelling and the prepared row, first occurrence wins.
  const batch = new Map<string, { clientId: string; prepared: PreparedItem }>();
  const batchDuplicates: Array<{ clientId: string; key: string; hash: string }> = [];

  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const rawId = item !== null && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? ((item as { id: string }).id) : null;
    const clientId = rawId !== null && rawId.length <= 64 ? rawId : `#${i}`;
    try {
      const outcome = await prepare(item, i, caller, receivedAt, sentAt, skewMs, options);
      if ('reject' in outcome) {
        rejected.push({ id: clientId, code: outcome.code, reason: outcome.reject.slice(0, MAX_REASON) });
        continue;
      }
      const key = outcome.id.toLowerCase();
      if (batch.has(key)) batchDuplicates.push({ clientId, key, hash: outcome.hash });
      else batch.set(key, { clientId, prepared: { ...outcome, id: key } });
    } catch (err) {
      // Whatever a hostile item does, it is that item's rejection, never the batch's 5xx.
      rejected.push({ id: clientId, code: 'invalid', reason: `submissions[${i}]: could not be read (${String((err as Error)?.message ?? err).slice(0, 120)})` });
    }
  }

  const clockNotes = [...batch.values()].flatMap((b) => (b.prepared.clockNote ? [`submissions[${b.prepared.index}] (${b.clientId}): ${b.prepared.clockNote}`] : []));
  warnings.push(...clockNotes.slice(0, MAX_ITEM_WARNINGS));
  if (clockNotes.length > MAX_ITEM_WARNINGS) warnings.push(`… and ${clockNotes.length - MAX_ITEM_WARNINGS} more submissions whose clock skew correction was not applied or whose createdAt was in the future`);

  const { inserted, existing } = await store.insertSubmissions([...batch.values()].map((b) => b.prepared));
  const stored: PreparedSubmission[] = [];
  for (const [key, { clientId, prepared }] of batch) {
    if (inserted.has(key)) {
      accepted.push(clientId);
      stored.push(prepared);
    } else if (existing.get(key) === prepared.hash) {
      accepted.push(clientId);
    } else if (existing.has(key)) {
      rejected.push({ id: clientId, code: 'conflict', reason: `id: ${clientId} was already received with a different payload` });
    }
    // Neither inserted nor found (purged between the two statements): left out of both lists, so the client retries.
  }
  for (const d of batchDuplicates) {
    const first = batch.get(d.key);
    if (first && first.prepared.hash === d.hash && accepted.includes(first.clientId)) {
      if (!accepted.includes(d.clientId)) accepted.push(d.clientId);
    } else {
      rejected.push({ id: d.clientId, code: 'conflict', reason: `id: ${d.clientId} appears twice in this batch with different payloads` });
    }
  }
  return { accepted, rejected, stored, warnings };
}

/** A prepared row, plus why its clock skew correction was not applied (for the answer's warnings). */
type PreparedItem = PreparedSubmission & { index: number; clockNote?: string };
type Prepared = PreparedItem | { reject: string; code: string };

async function prepare(
  item: unknown,
  index: number,
  caller: IngestCaller,
  receivedAt: string,
  sentAt: string | null,
  skewMs: number | null,
  options: IngestOptions,
): Promise<Prepared> {
  const at = `submissions[${index}]`;
  const hostile = findUnstorableString(item);
  if (hostile) return { reject: `${at}.${hostile}`, code: 'invalid' };
  const parsed = safeParseSubmission(item);
  if (!parsed.success) {
    const reasons = parsed.issues.slice(0, 5).map((i) => `${formatPath(i.path)}: ${i.message}`);
    return { reject: `${at} is not a valid submission — ${reasons.join('; ')}`, code: 'invalid' };
  }
  const sub = parsed.data as Submission;
  if (!UUID.test(sub.id)) return { reject: `${at}.id: ${safeEcho(sub.id)} is not a UUID`, code: 'invalid' };
  const created = Date.parse(sub.createdAt);
  if (!Number.isFinite(created) || created < MIN_TIME || created > MAX_TIME) {
    return { reject: `${at}.createdAt: ${safeEcho(sub.createdAt)} is not a storable ISO time`, code: 'invalid' };
  }

  let survey: SurveyDefinition | undefined;
  if (options.surveys) {
    if (!sub.survey) return { reject: `${at}.survey: missing, and this collector only accepts registered surveys`, code: 'unknown-survey' };
    survey = options.surveys(sub.survey.id, sub.survey.version);
    if (!survey) {
      return { reject: `${at}.survey: ${safeEcho(sub.survey.id)} version ${sub.survey.version ?? '(any)'} is not a registered survey`, code: 'unknown-survey' };
    }
    // core's survey logic: the same rules the elements applied (visibility, required, scales, reasons).
    const check = validateSubmission(survey, sub);
    if (!check.valid) {
      const why = check.errors.slice(0, 5).map((e) => `${e.question ? `answers.${e.question}` : 'submission'}: ${e.message}`);
      return { reject: `${at} does not fit survey ${survey.id} v${survey.version} — ${why.join('; ')}`, code: 'invalid' };
    }
  }
  if (options.validate) {
    const why = options.validate(sub, survey);
    if (why) return { reject: `${at}: ${why}`, code: 'invalid' };
  }

  const ratings: RatingRow[] = [];
  for (const [questionId, answer] of Object.entries(sub.answers)) {
    if (answer.type !== 'rating') continue;
    let scale;
    try {
      scale = scaleFor(answer.scale);
      scale.validate(answer.value, `answers.${questionId}.value`);
    } catch (err) {
      return { reject: `${at}.answers.${questionId}: ${(err as Error).message}`, code: 'invalid' };
    }
    ratings.push({
      questionId,
      kind: scale.kind,
      scaleId: scale.id,
      scale: { ...scale.ref },
      value: answer.value,
      reasons: (answer.reasons ?? []).filter((r): r is string => typeof r === 'string').slice(0, 32),
    });
  }

  const context: Partial<Record<ContextKey, string>> = {};
  for (const key of Object.keys(CONTEXT_COLUMNS) as ContextKey[]) {
    const v = key === 'survey' ? sub.survey?.id : (sub.context as Record<string, unknown>)[key];
    if (typeof v === 'string' && v.length > 0) context[key] = v.slice(0, MAX_CONTEXT_LENGTH);
  }
  if (caller.site !== undefined) context.site = caller.site;

  const { occurred, note } = occurredTime(created, caller.receivedAt.getTime(), skewMs, options);
  return {
    index,
    ...(note !== undefined ? { clockNote: note } : {}),
    id: sub.id,
    payload: options.redact === false ? sub : options.redact ? options.redact(sub) : redactTextAnswers(sub, survey),
    // The hash of what the client sent, not of what is stored: a re-send is recognised as the same.
    hash: await hashPayload(sub),
    createdAt: new Date(created).toISOString(),
    occurredAt: new Date(occurred).toISOString(),
    receivedAt,
    sentAt,
    skewMs,
    siteKey: caller.siteKey,
    context,
    surveyVersion: sub.survey?.version ?? null,
    status: sub.status,
    classification: sub.classification ?? null,
    ratings,
  };
}

/**
 * When the rating happened, on the server's clock. A client clock off by more than the tolerance
 * is corrected by the skew measured at send time (createdAt + receivedAt − sentAt), but only when
 * the result is plausible: not after the batch was received (that means the client's clock
 * jumped between creating the item and sending it, e.g. a kiosk whose clock reset to 2000 after
 * rating correctly, so the skew at send time says nothing about createdAt) and not more than
 * `skewMaxAgeMs` before it. Otherwise createdAt as sent, or receivedAt when createdAt is in the
 * future, with a note saying so. Whatever the path (skew within tolerance, sentAt missing or
 * ignored, correction refused), a time more than the tolerance after receivedAt is never stored:
 * the rating cannot have happened after the server received it, so it is stored at receivedAt,
 * with a note (a far-future createdAt would otherwise count in a month that has not come yet).
 */
function occurredTime(created: number, received: number, skewMs: number | null, options: Pick<IngestOptions, 'skewToleranceMs' | 'skewMaxAgeMs'>): { occurred: number; note?: string } {
  const tolerance = options.skewToleranceMs;
  const fromTheFuture = (why: string) => ({
    occurred: received,
    note: `createdAt is ${created - received} ms after the batch was received, more than the tolerance of ${tolerance} ms (${why}); stored at receivedAt (createdAt is in the future)`,
  });
  if (skewMs === null) return created > received + tolerance ? fromTheFuture('sentAt missing or not usable: no skew to correct by') : { occurred: created };
  if (Math.abs(skewMs) <= tolerance) return created > received + tolerance ? fromTheFuture(`skew of ${skewMs} ms within tolerance: not corrected`) : { occurred: created };
  const corrected = created + skewMs;
  const maxAge = options.skewMaxAgeMs ?? DEFAULT_SKEW_MAX_AGE_MS;
  if (corrected <= received && corrected >= received - maxAge) return { occurred: corrected };
  const why = corrected > received ? 'would be after the batch was received (createdAt is later than sentAt: the client clock changed in between)' : `would be more than ${Math.round(maxAge / 86_400_000)} days before the batch was received`;
  const future = created > received;
  return {
    occurred: future ? received : created,
    note: `clock skew correction of ${skewMs} ms not applied: createdAt + skew ${why}; stored at ${future ? 'receivedAt (createdAt is in the future)' : 'createdAt as sent'}`,
  };
}

/**
 * The collector's default `redact`: every free-text answer through core's `redact` (what the
 * outbox does before it stores anything, done again here because a client can skip it). Other
 * answers (a consent's contact is given on purpose) and the context are left as sent. When the
 * submission's registered survey is given, a text answer whose question says `redact: false`
 * is left as sent too, as `<fb-survey>` leaves it (a reference or IBAN field asked for on
 * purpose); without a survey, or for an answer no text question of the survey names, it is
 * masked.
 */
export function redactTextAnswers(submission: Submission, survey?: SurveyDefinition): Submission {
  let answers = submission.answers;
  for (const [key, answer] of Object.entries(answers)) {
    if (answer.type !== 'text') continue;
    if (survey?.questions.some((q) => q.id === key && q.type === 'text' && q.redact === false)) continue;
    const { text, found } = redact(answer.value);
    if (found.length > 0) answers = { ...answers, [key]: { ...answer, value: text } };
  }
  return answers === submission.answers ? submission : { ...submission, answers };
}

let nodeSha256: ((text: string) => string) | null | undefined;

/**
 * SHA-256 of the submission's canonical JSON (keys sorted), hex. Node's synchronous hash when
 * available (a Web Crypto call per item costs a thread-pool round trip), else Web Crypto, so
 * the handler still runs in any Fetch runtime.
 */
export async function hashPayload(value: unknown): Promise<string> {
  const text = canonicalJson(value);
  if (nodeSha256 === undefined) {
    try {
      const { createHash } = await import('node:crypto');
      nodeSha256 = (t) => createHash('sha256').update(t, 'utf8').digest('hex');
    } catch {
      nodeSha256 = null;
    }
  }
  if (nodeSha256) return nodeSha256(text);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * PostgreSQL's jsonb cannot hold U+0000 or a lone surrogate, and a very deep value is a
 * denial-of-service attempt: find the first such string or nesting, iteratively.
 */
export function findUnstorableString(value: unknown): string | undefined {
  const stack: Array<{ v: unknown; path: string; depth: number }> = [{ v: value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) return `${path || 'value'}: nested deeper than ${MAX_DEPTH} levels`;
    if (typeof v === 'string') {
      if (!isStorable(v)) return `${path || 'value'}: contains a NUL character or an unpaired surrogate, which cannot be stored`;
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        const p = path ? `${path}.${k}` : k;
        if (!isStorable(k)) return `${path || 'value'}: a key contains a NUL character or an unpaired surrogate`;
        stack.push({ v: child, path: p, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function isStorable(s: string): boolean {
  return !s.includes('\u0000') && (s as string & { isWellFormed(): boolean }).isWellFormed();
}

function formatPath(path: unknown): string {
  if (Array.isArray(path)) return path.length === 0 ? '(root)' : path.map(String).join('.');
  return typeof path === 'string' && path.length > 0 ? path : '(root)';
}

function safeEcho(v: unknown): string {
  try {
    const s = typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v));
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return typeof v;
  }
}
