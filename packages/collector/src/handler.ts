import { scaleFor } from '@feedbackkit/core';
import type { Scale, ScaleRef, Submission, SurveyDefinition } from '@feedbackkit/core';
import { IngestError, ingest, type SurveyRegistry } from './ingest.js';
import { CONTEXT_COLUMNS, type ContextKey } from './migrations.js';
import { checkAlerts, type MonitoringOptions } from './monitoring.js';
import { purgeExpired, type PurgeReport, type RetentionPolicy } from './retention.js';
import { rankGroups } from './rankings.js';
import { DETAILS, METRICS, defaultScaleRef, scoreTallies, sumTallies, type Detail, type MetricName } from './scores.js';
import { RateLimiter, normaliseOrigin, parseIpAddress, securityHeaders, timingSafeEqualString, type RateLimit } from './security.js';
import type { SqlClient } from './sql.js';
import { EventHub } from './sse.js';
import { createFanout } from './fanout.js';
import { wallMs, zonedInstant } from './zoned.js';
import { Store, WINDOWS, type CalendarWindow, type StoredAlert, type TallyQuery, type TimeBound } from './store.js';

/** A public write key: it identifies a site and may be used only from its allowed origins. */
export interface SiteKey {
  key: string;
  /** When set, overrides `context.site` of everything written with this key. */
  site?: string;
  /** Origins allowed to use the key from a browser (`*` = any). Requests without `Origin` (kiosks, servers) are allowed. */
  origins?: string[];
}

/** An admin bearer token; `name` is what the audit log records (never the token). */
export interface AdminToken {
  token: string;
  name?: string;
}

export interface CollectorOptions {
  /** The database (see `openPglite` / `openPostgres`). */
  sql: SqlClient;
  siteKeys: Array<SiteKey | string>;
  adminTokens: Array<AdminToken | string>;
  /** Origins allowed for site keys that list none. The collector's own origin is always allowed. */
  allowedOrigins?: string[];
  /** Largest request body in bytes (default 1 MiB) — larger gets 413. */
  maxBodyBytes?: number;
  /** Largest batch (default 500 submissions) — larger gets 413. */
  maxItems?: number;
  /**
   * Token buckets (default 100/s burst 600 per site key; 20/s burst 120 per client address).
   * `perAddress` limits ingest; `perAdmin` limits the admin API per client address in buckets of
   * its own (default: the `perAddress` setting), so a dashboard behind the same NAT as kiosks
   * cannot use up their ingest budget. A request with no known client address (a Fetch runtime
   * that passes none, no trusted `X-Forwarded-For`) is not limited per address; the per-key
   * limit still applies. `false` disables one.
   */
  rateLimits?: { perKey?: RateLimit | false; perAddress?: RateLimit | false; perAdmin?: RateLimit | false };
  /**
   * Take the client address from `X-Forwarded-For` (only behind proxies you trust): `true` = the
   * last entry, the one your proxy appended (the entries before it are whatever the client sent);
   * a number n = the n-th entry from the end, for n proxies in a row (a CDN, then a load
   * balancer: 2). Without the header, or when that entry is not an IPv4/IPv6 address, the TCP peer.
   */
  trustProxy?: boolean | number;
  /** Send `Strict-Transport-Security` (enable when served over HTTPS). */
  hsts?: boolean;
  /** Known surveys: submissions naming another survey are rejected 'unknown-survey'. */
  surveys?: SurveyDefinition[] | SurveyRegistry;
  /**
   * What is stored of each submission. Default: free-text answers go through core's `redact`
   * (card numbers, IBANs, national ids, phones, e-mails masked), because a client can skip the
   * outbox's own redaction — except answers to a registered survey's text questions marked
   * `redact: false`, kept as `<fb-survey>` keeps them. `false` stores answers as received; or
   * pass your own function.
   * Re-sends are still matched on the payload as received.
   */
  redact?: false | ((submission: Submission) => Submission);
  /** Extra per-submission check; return a reason to reject it. */
  validateSubmission?: (submission: Submission, survey: SurveyDefinition | undefined) => string | undefined;
  /**
   * Client clocks off by more than this are corrected by the measured skew (default 5 min); a
   * rating whose time would still be more than this after it was received is stored at its
   * receipt time, with a warning.
   */
  skewToleranceMs?: number;
  /**
   * A skew correction is applied only when the corrected time falls within [receivedAt − this,
   * receivedAt] (default 30 days); otherwise the submission keeps its createdAt (receivedAt when
   * that is in the future) and the answer's `warnings` say so.
   */
  skewMaxAgeMs?: number;
  retention?: RetentionPolicy;
  /** Alerts from core's monitor; `false` turns monitoring off. */
  monitoring?: (MonitoringOptions & { debounceMs?: number }) | false;
  /** IANA zone whose local days the daily rollup counts (default UTC); queries in it read the rollup. */
  reportingTimeZone?: string;
  /**
   * How often this collector folds newly stored ratings into the rollups (default 1000 ms;
   * `false`: never, another collector on the same database does it). Reads are exact either
   * way; folding keeps the not-yet-folded part they add small.
   */
  foldIntervalMs?: number | false;
  /** Below this sample size a score is flagged `smallSample` (default 30). */
  minSample?: number;
  /**
   * Largest answer of the score endpoints, in cells (a cell is one group × window; default
   * 25,000, which PostgreSQL serves in about 100–150 ms over 1M ratings). A query that would
   * give more is refused with 422 `answer-too-large` before its scores are computed, and before
   * it is read when the rollups can tell its size. `Infinity` turns the guard off.
   */
  maxCells?: number;
  /** SSE heartbeat interval (default 15 s). */
  heartbeatMs?: number;
  /**
   * Live events across the collectors on one database, through LISTEN/NOTIFY: each collector's
   * streams also see what the others store (submissions, alerts). On by default when the
   * database client can listen (PostgreSQL, PGlite); `namespace` (default `default`, a–z 0–9 _)
   * names the channel, so separate deployments on one database can keep apart. `false`: this
   * collector neither sends nor listens; its streams see only its own events.
   */
  fanout?: { namespace?: string } | false;
  /**
   * Serves everything outside the API (dashboard, examples): return a Response, or null for 404.
   * Responses get the collector's security headers unless they set their own CSP.
   */
  assets?: (path: string, request: Request) => Response | null | Promise<Response | null>;
  /** Clock (tests). */
  now?: () => Date;
  /** Called with unexpected errors (default: none — errors become 500/503 responses). */
  onError?: (error: unknown, request: Request) => void;
}

export interface RequestInfo {
  /** The TCP peer address (the Node server passes it). */
  remoteAddress?: string;
}

export type Handler = (request: Request, info?: RequestInfo) => Promise<Response>;

export interface Collector {
  handle: Handler;
  store: Store;
  events: EventHub;
  /** Whether this collector's listener for other collectors' events is listening now. */
  readonly listening: boolean;
  /** Resolves once the notifications of everything stored so far have gone to the database (they are sent in the background). */
  eventsSent(): Promise<void>;
  /** Resolves once migrations have run (and the listener had its first try). */
  ready: Promise<void>;
  purgeExpired(now?: Date, options?: { dryRun?: boolean; actor?: string }): Promise<PurgeReport>;
  /** Runs the monitor now; returns (and streams) the alerts stored for the first time. */
  checkAlerts(now?: Date): Promise<StoredAlert[]>;
  /** Stops timers and streams; does not close the database (its owner does). */
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const CONTEXT_KEYS = Object.keys(CONTEXT_COLUMNS) as ContextKey[];
const DEFAULT_PER_KEY: RateLimit = { burst: 600, perSecond: 100 };
const DEFAULT_PER_ADDRESS: RateLimit = { burst: 120, perSecond: 20 };
/** Default `maxCells`: a year of per-teller weeks (400 × 53 = 21,200 cells) fits; a year of per-teller days does not. */
export const DEFAULT_MAX_CELLS = 25_000;

/** A Fetch-standard handler over a Collector; migrations run before the first request is served. */
export function createHandler(options: CollectorOptions): Handler {
  return createCollector(options).handle;
}

export function createCollector(options: CollectorOptions): Collector {
  const store = new Store(options.sql, options.reportingTimeZone ?? 'UTC');
  const events = new EventHub();
  const now = options.now ?? (() => new Date());
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const maxItems = options.maxItems ?? 500;
  const minSample = options.minSample ?? 30;
  const maxCells = options.maxCells ?? DEFAULT_MAX_CELLS;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const headers = securityHeaders({ hsts: options.hsts ?? false });
  const defaultOrigins = (options.allowedOrigins ?? []).map(normaliseOrigin).filter((o): o is string => o !== null);
  const keys = options.siteKeys.map((k) => (typeof k === 'string' ? { key: k } : k)).map((k) => ({
    key: k.key,
    site: k.site,
    origins: new Set(k.origins ? k.origins.map(normaliseOrigin).filter((o): o is string => o !== null) : defaultOrigins),
  }));
  const admins = options.adminTokens.map((t, i) => (typeof t === 'string' ? { token: t, name: `admin-${i + 1}` } : { token: t.token, name: t.name ?? `admin-${i + 1}` }));
  const allOrigins = new Set(keys.flatMap((k) => [...k.origins]));
  const perKey = options.rateLimits?.perKey === false ? null : new RateLimiter(options.rateLimits?.perKey ?? DEFAULT_PER_KEY);
  const perAddress = options.rateLimits?.perAddress === false ? null : new RateLimiter(options.rateLimits?.perAddress ?? DEFAULT_PER_ADDRESS);
  // Admin reads: the same limit per address by default, in separate buckets (a dashboard tab does not spend the kiosks' ingest budget).
  const adminLimit = options.rateLimits?.perAdmin !== undefined ? options.rateLimits.perAdmin : (options.rateLimits?.perAddress ?? DEFAULT_PER_ADDRESS);
  const perAdmin = adminLimit === false ? null : new RateLimiter(adminLimit);
  const proxyHops = options.trustProxy === true ? 1 : typeof options.trustProxy === 'number' && Number.isInteger(options.trustProxy) && options.trustProxy > 0 ? options.trustProxy : 0;
  const surveys: SurveyRegistry | undefined = Array.isArray(options.surveys)
    ? (id, version) => (options.surveys as SurveyDefinition[]).find((s) => s.id === id && (version === undefined || s.version === version))
    : options.surveys;
  const monitoring = options.monitoring === false ? null : (options.monitoring ?? {});
  let monitorTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const foldEvery = options.foldIntervalMs ?? 1000;
  let foldTimer: ReturnType<typeof setTimeout> | null = null;
  let folding: Promise<unknown> = Promise.resolve();

  const fanout =
    options.fanout === false
      ? null
      : createFanout(options.sql, events, store, { namespace: options.fanout?.namespace ?? 'default', onError: (err) => options.onError?.(err, new Request('http://collector.invalid/listen')) });

  const ready = store
    .migrate()
    .then(() => fanout?.start().catch((err) => options.onError?.(err, new Request('http://collector.invalid/listen'))))
    .then(() => undefined);
  ready.catch(() => {}); // surfaced per request as 503

  /** One background fold at a time, then the next one `foldEvery` ms after it ends. */
  function scheduleFold(): void {
    if (foldEvery === false || closed) return;
    foldTimer = setTimeout(() => {
      foldTimer = null;
      folding = store
        .fold({ wait: false })
        .catch((err) => options.onError?.(err, new Request('http://collector.invalid/fold')))
        .finally(scheduleFold);
    }, foldEvery);
    (foldTimer as { unref?: () => void }).unref?.();
  }
  ready.then(scheduleFold, () => {});

  function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
    return new Response(JSON.stringify(body), {
      status,
      headers: { ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra },
    });
  }

  function errorResponse(e: HttpError, extra: Record<string, string> = {}): Response {
    return json(e.status, { error: { code: e.code, message: e.message } }, { ...extra, ...e.headers });
  }

  /**
   * The client's address, or null when none is known. Behind `trustProxy` proxies it is the
   * X-Forwarded-For entry the outermost trusted proxy appended (counted from the end: every
   * proxy appends its peer, and the entries before the trusted ones are the client's to forge),
   * taken only when it is an IPv4 or IPv6 address (canonical form): anything else (junk, a
   * header-sized string) falls back to the TCP peer, so a rate-limit key is never longer than
   * an address however many distinct keys a client makes up.
   */
  function clientAddress(request: Request, info?: RequestInfo): string | null {
    if (proxyHops > 0) {
      const entries = (request.headers.get('x-forwarded-for') ?? '').split(',');
      const chosen = entries[Math.max(0, entries.length - proxyHops)];
      const address = chosen === undefined ? null : parseIpAddress(chosen.trim());
      if (address !== null) return address;
    }
    return info?.remoteAddress || null;
  }

  /** Takes a token from `key`'s bucket; no key (no known client address) is not limited per address. */
  function limit(limiter: RateLimiter | null, key: string | null, what: string): void {
    if (!limiter || key === null) return;
    const wait = limiter.take(key, now().getTime());
    if (wait > 0) throw new HttpError(429, 'rate-limited', `${what}: too many requests; retry after ${wait} s`, { 'retry-after': String(wait) });
  }

  function requireAdmin(request: Request, url: URL, allowQueryToken = false): string {
    const auth = request.headers.get('authorization');
    let token: string | null = null;
    if (auth !== null) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
      token = m?.[1] ?? null;
    } else if (allowQueryToken) {
      token = url.searchParams.get('access_token');
    }
    if (token === null) throw new HttpError(401, 'unauthorized', 'authorization: an admin token is required (Authorization: Bearer <token>)', { 'www-authenticate': 'Bearer' });
    let who: string | null = null;
    // Compare against every token so the time taken does not reveal which one matched.
    for (const a of admins) if (timingSafeEqualString(token, a.token)) who = a.name;
    if (who === null) throw new HttpError(401, 'unauthorized', 'authorization: the admin token is not valid', { 'www-authenticate': 'Bearer error="invalid_token"' });
    return who;
  }

  async function readBody(request: Request): Promise<string> {
    const declared = request.headers.get('content-length');
    if (declared !== null && Number(declared) > maxBody) throw new HttpError(413, 'body-too-large', `body: ${declared} bytes exceed the limit of ${maxBody}`);
    if (!request.body) return '';
    const reader = request.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBody) {
        await reader.cancel().catch(() => {});
        throw new HttpError(413, 'body-too-large', `body: more than ${maxBody} bytes`);
      }
      chunks.push(value);
    }
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.byteLength;
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(all);
    } catch {
      throw new HttpError(400, 'malformed-json', 'body: not valid UTF-8');
    }
  }

  function corsHeaders(origin: string): Record<string, string> {
    return {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type, x-feedbackkit-key, idempotency-key',
      'access-control-max-age': '600',
      'access-control-expose-headers': 'retry-after',
      vary: 'Origin',
    };
  }

  /** The Origin when it may talk to the write endpoint, '' when there is none (not a browser), null when refused. */
  function originFor(request: Request, url: URL, allowed: Set<string>): string | null {
    const raw = request.headers.get('origin');
    if (raw === null) return '';
    const origin = normaliseOrigin(raw);
    if (origin === null) return null;
    if (origin === url.origin || allowed.has('*') || allowed.has(origin)) return origin;
    return null;
  }

  // ---------------------------------------------------------------- routes

  async function postSubmissions(request: Request, url: URL, info?: RequestInfo): Promise<Response> {
    const preOrigin = request.headers.get('origin');
    // An origin allowed for any key gets CORS headers on every answer, errors included, so a
    // browser client can read a 401/413/429 (and its Retry-After) instead of a network error.
    const anyOrigin = originFor(request, url, allOrigins);
    let cors: Record<string, string> = anyOrigin ? corsHeaders(anyOrigin) : {};
    try {
      limit(perAddress, clientAddress(request, info), 'address');
      const keyText = request.headers.get('x-feedbackkit-key') ?? url.searchParams.get('key');
      if (!keyText) throw new HttpError(401, 'missing-key', 'x-feedbackkit-key: a site key is required');
      const key = keys.find((k) => timingSafeEqualString(keyText, k.key));
      if (!key) throw new HttpError(401, 'invalid-key', 'x-feedbackkit-key: not a known site key');
      const origin = originFor(request, url, key.origins);
      if (origin === null) {
        // Still readable (with CORS) when another key allows this origin, so the client can dead-letter.
        throw new HttpError(403, 'origin-not-allowed', `origin: ${JSON.stringify(preOrigin).slice(0, 80)} may not use this site key`);
      }
      if (origin !== '') cors = corsHeaders(origin);
      limit(perKey, key.key, 'site key');
      const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      // text/plain is what navigator.sendBeacon sends; the body is JSON either way.
      if (type !== 'application/json' && type !== 'text/plain') {
        throw new HttpError(415, 'unsupported-media-type', `content-type: ${JSON.stringify(type)} — send application/json`);
      }
      const body = await readBody(request);
      await ready;
      const result = await ingest(store, body, { siteKey: key.key, site: key.site, receivedAt: now() }, {
        maxItems,
        skewToleranceMs: options.skewToleranceMs ?? 5 * 60_000,
        skewMaxAgeMs: options.skewMaxAgeMs,
        redact: options.redact,
        surveys,
        validate: options.validateSubmission,
      });
      const views = result.stored.map((s) => streamView(s.payload, s.receivedAt, s.context));
      if (fanout) fanout.submissions(views);
      else for (const v of views) events.publish({ event: 'submission', data: v });
      if (result.stored.length > 0) scheduleMonitor();
      const status = result.accepted.length === 0 && result.rejected.length > 0 ? 422 : 200;
      const body2: Record<string, unknown> = { accepted: result.accepted, rejected: result.rejected };
      if (result.warnings.length > 0) body2.warnings = result.warnings;
      return json(status, body2, cors);
    } catch (err) {
      if (err instanceof IngestError) return errorResponse(new HttpError(err.status, err.code, err.message), cors);
      if (err instanceof HttpError) return errorResponse(err, cors);
      throw err;
    }
  }

  function preflight(request: Request, url: URL): Response {
    const origin = originFor(request, url, allOrigins);
    if (origin === null || origin === '') return errorResponse(new HttpError(403, 'origin-not-allowed', 'origin: not allowed to send submissions'));
    return new Response(null, { status: 204, headers: { ...headers, ...corsHeaders(origin) } });
  }

  interface ReadQuery {
    metric: MetricName;
    scale: Scale;
    groupBy: ContextKey | undefined;
    window: CalendarWindow | undefined;
    tz: string;
    from: TimeBound | undefined;
    to: TimeBound | undefined;
    question: string | undefined;
    where: Partial<Record<ContextKey, string>>;
    detail: Detail;
  }

  function readQuery(url: URL, defaults: { window?: CalendarWindow; groupBy?: ContextKey } = {}): ReadQuery {
    const p = url.searchParams;
    const metric = (p.get('metric') ?? 'nps') as MetricName;
    if (!METRICS.includes(metric)) throw new HttpError(400, 'invalid-query', `metric: ${JSON.stringify(metric).slice(0, 60)} is not one of ${METRICS.join(', ')}`);
    const pointsText = p.get('points');
    const points = pointsText === null ? undefined : Number(pointsText);
    if (points !== undefined && !Number.isInteger(points)) throw new HttpError(400, 'invalid-query', `points: ${JSON.stringify(pointsText).slice(0, 60)} is not an integer`);
    let scale: Scale;
    try {
      scale = scaleFor(defaultScaleRef(metric, p.get('scale') ?? undefined, points) as ScaleRef);
    } catch (err) {
      throw new HttpError(400, 'invalid-query', `scale: ${(err as Error).message}`);
    }
    const groupByText = p.get('groupBy') ?? defaults.groupBy;
    if (groupByText !== undefined && groupByText !== '' && !CONTEXT_KEYS.includes(groupByText as ContextKey)) {
      throw new HttpError(400, 'invalid-query', `groupBy: ${JSON.stringify(groupByText).slice(0, 60)} is not one of ${CONTEXT_KEYS.join(', ')}`);
    }
    const windowText = p.get('window') ?? defaults.window;
    if (windowText !== undefined && windowText !== '' && !WINDOWS.includes(windowText as CalendarWindow)) {
      throw new HttpError(400, 'invalid-query', `window: ${JSON.stringify(windowText).slice(0, 60)} is not one of ${WINDOWS.join(', ')}`);
    }
    const detailText = p.get('detail') ?? 'full';
    if (!DETAILS.includes(detailText as Detail)) {
      throw new HttpError(400, 'invalid-query', `detail: ${JSON.stringify(detailText).slice(0, 60)} is not one of ${DETAILS.join(', ')}`);
    }
    const tz = p.get('tz') ?? 'UTC';
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
    } catch {
      throw new HttpError(400, 'invalid-query', `tz: ${JSON.stringify(tz).slice(0, 60)} is not an IANA time zone`);
    }
    // A plain date is a local calendar day in `tz`; a date-time with an offset (or Z) is that
    // instant; a date-time without one is a wall-clock time in `tz` (never the server process's
    // own zone). All are checked field by field (Date.parse takes 2026-02-30 as 2 March, and
    // PostgreSQL refuses it and year 0): a date that does not exist is a 400 naming the
    // parameter, never a 500.
    const time = (name: string): TimeBound | undefined => {
      const v = p.get(name);
      if (v === null || v === '') return undefined;
      const bad = (why: string) => new HttpError(400, 'invalid-query', `${name}: ${JSON.stringify(v).slice(0, 60)} ${why}`);
      const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(v);
      if (!m) throw bad('is not an ISO date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ)');
      const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const civil = new Date(wallMs(year, month, day, 0, 0, 0, 0));
      if (year < 1 || civil.getUTCFullYear() !== year || civil.getUTCMonth() !== month - 1 || civil.getUTCDate() !== day) {
        throw bad('is not a calendar date (years 0001–9999)');
      }
      if (m[4] === undefined) return { date: v };
      const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
      const offset = m[8] !== undefined && m[8] !== 'Z' ? m[8] : null;
      if (hour > 23 || minute > 59 || second > 59 || (offset !== null && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4)) > 59))) {
        throw bad('is not a valid time of day (hh:mm:ss, offset ±hh:mm)');
      }
      const ms =
        m[8] === undefined
          ? zonedInstant(year, month, day, hour, minute, second, Number((m[7] ?? '').padEnd(3, '0').slice(0, 3)), tz)
          : Date.parse(v);
      if (!Number.isFinite(ms)) throw bad('is not an ISO date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ)');
      const instant = new Date(ms);
      // An offset (or the zone) can carry 0001-01-01T00:00+01:00 into year 0, or
      // 9999-12-31T23:59:59-12:00 into year 10000; PostgreSQL refuses both.
      if (instant.getUTCFullYear() < 1) throw bad('is before the year 0001 (UTC)');
      if (instant.getUTCFullYear() > 9999) throw bad('is after the year 9999 (UTC)');
      return { instant: instant.toISOString() };
    };
    const where: Partial<Record<ContextKey, string>> = {};
    for (const k of CONTEXT_KEYS) {
      const v = p.get(k);
      if (v !== null) where[k] = v;
    }
    return {
      metric,
      scale,
      groupBy: groupByText ? (groupByText as ContextKey) : undefined,
      window: windowText ? (windowText as CalendarWindow) : undefined,
      tz,
      from: time('from'),
      to: time('to'),
      question: p.get('question') ?? undefined,
      where,
      detail: detailText as Detail,
    };
  }

  function ratingFilter(q: ReadQuery) {
    return {
      scaleId: q.scale.id,
      ...(q.question !== undefined ? { question: q.question } : {}),
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      where: q.where,
    };
  }

  function echo(q: ReadQuery) {
    const show = (b: TimeBound | undefined) => (b === undefined ? null : 'date' in b ? b.date : b.instant);
    return { metric: q.metric, scale: q.scale.id, groupBy: q.groupBy ?? null, window: q.window ?? null, tz: q.tz, from: show(q.from), to: show(q.to), filters: q.where, detail: q.detail };
  }

  /**
   * The tallies of a score query, within `maxCells`: refused before the read when the rollups
   * say it is larger (see `Store.estimateCells`), and in any case before anything is scored.
   */
  async function guardedTallies(t: TallyQuery, scale: Scale) {
    const tooLarge = (n: number, estimated: 'at least' | 'about' | null) =>
      new HttpError(
        422,
        'answer-too-large',
        `this answer would have ${estimated ? `${estimated} ` : ''}${n.toLocaleString('en')} cells (groups × windows), more than this collector's limit of ${maxCells.toLocaleString('en')} (maxCells); ` +
          'narrow it: a shorter from/to, a coarser window (week, month or quarter), or a context filter such as branch=…',
      );
    if (maxCells !== Infinity && (t.groupBy !== undefined || t.window !== undefined)) {
      // Counting stops at maxCells + 1 cells: enough to refuse, and a refusal costs no more than an answer at the limit.
      const estimate = await store.estimateCells(t, { limit: maxCells });
      if (estimate !== null && estimate.cells > maxCells) throw tooLarge(estimate.cells, estimate.kind === 'about' ? 'about' : 'at least');
    }
    const r = await store.countTallies(t, scale);
    let cells = 0;
    for (const byWindow of r.tallies.values()) cells += byWindow.size;
    if (cells > maxCells) throw tooLarge(cells, null);
    return r;
  }

  async function getScores(url: URL): Promise<Response> {
    const q = readQuery(url);
    const { tallies, source } = await guardedTallies({ ...ratingFilter(q), ...(q.groupBy ? { groupBy: q.groupBy } : {}), ...(q.window ? { window: q.window } : {}), tz: q.tz }, q.scale);
    const { groups, overall } = scoreTallies(q.metric, q.scale, tallies, minSample, q.detail);
    // Full answers give the scale's values once: the order of every window cell's `counts`.
    return json(200, q.detail === 'full' ? { query: echo(q), source, values: q.scale.values, overall, groups } : { query: echo(q), source, overall, groups });
  }

  async function getTrends(url: URL): Promise<Response> {
    const q = readQuery(url, { window: 'week' });
    const { tallies, source } = await guardedTallies({ ...ratingFilter(q), ...(q.groupBy ? { groupBy: q.groupBy } : {}), window: q.window ?? 'week', tz: q.tz }, q.scale);
    // A trend point is a summary cell (plus its change) whatever `detail` says, so it is scored lean.
    const { groups } = scoreTallies(q.metric, q.scale, tallies, minSample, 'summary');
    const series = groups.map((g) => ({
      group: g.group,
      points: g.windows.map((w, i) => {
        const prev = g.windows[i - 1];
        return { window: w.window, n: w.summary.n, score: w.summary.score, ci: w.summary.ci, smallSample: w.summary.smallSample, change: prev ? w.summary.score - prev.summary.score : null };
      }),
    }));
    return json(200, { query: echo(q), source, series });
  }

  async function getRankings(url: URL): Promise<Response> {
    const q = readQuery(url, { groupBy: 'staff' });
    const { tallies: cells } = await guardedTallies({ ...ratingFilter(q), groupBy: q.groupBy ?? 'staff', tz: q.tz }, q.scale);
    const tallies = [...cells.entries()]
      .filter(([g]) => g !== null)
      .map(([group, byWindow]) => ({ group: group as string, tally: sumTallies(q.scale, byWindow.values()) }));
    const minN = Number(url.searchParams.get('minN') ?? 30);
    if (!Number.isInteger(minN) || minN < 1) throw new HttpError(400, 'invalid-query', `minN: ${JSON.stringify(url.searchParams.get('minN'))} is not an integer ≥ 1`);
    const m = Number(url.searchParams.get('m') ?? 10);
    if (!Number.isFinite(m) || m < 0) throw new HttpError(400, 'invalid-query', `m: ${JSON.stringify(url.searchParams.get('m'))} is not a number ≥ 0`);
    const table = rankGroups(q.metric, q.scale, tallies, { minN, m, minSample });
    return json(200, { query: { ...echo(q), minN, m }, ...table });
  }

  async function getReasons(url: URL): Promise<Response> {
    const q = readQuery(url);
    const { reasons, totals } = await store.countReasons({ ...ratingFilter(q), ...(q.groupBy ? { groupBy: q.groupBy } : {}), tz: q.tz });
    const groups = [...totals.entries()].map(([group, t]) => {
      const codes = reasons
        .filter((r) => r.group === group)
        .sort((a, b) => b.n - a.n || a.code.localeCompare(b.code))
        .map((r) => ({
          code: r.code,
          count: r.n,
          // Share of the ratings that named any reason (a rating may name several, so shares can sum past 100).
          shareOfRatingsWithReasons: t.withReasons > 0 ? (100 * r.n) / t.withReasons : 0,
          shareOfRatings: t.ratings > 0 ? (100 * r.n) / t.ratings : 0,
        }));
      return { group, ratings: t.ratings, ratingsWithReasons: t.withReasons, reasons: codes };
    });
    groups.sort((a, b) => b.ratings - a.ratings);
    return json(200, { query: echo(q), groups });
  }

  async function getExport(url: URL, actor: string): Promise<Response> {
    const format = url.searchParams.get('format') ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new HttpError(400, 'invalid-query', `format: ${JSON.stringify(format).slice(0, 40)} is not json or csv`);
    const q = readQuery(url);
    const limitText = url.searchParams.get('limit');
    const max = limitText === null ? 100_000 : Number(limitText);
    if (!Number.isInteger(max) || max < 1 || max > 1_000_000) throw new HttpError(400, 'invalid-query', `limit: ${JSON.stringify(limitText)} is not an integer in 1..1000000`);
    const rows = await store.exportSubmissions({ ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}), tz: q.tz, where: q.where, limit: max });
    const e = echo(q);
    await store.audit(actor, 'export', { format, filters: q.where, from: e.from, to: e.to, tz: q.tz, limit: max, rows: rows.length });
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    if (format === 'json') {
      return json(200, { exportedAt: now().toISOString(), count: rows.length, submissions: rows }, { 'content-disposition': `attachment; filename="feedbackkit-${stamp}.json"` });
    }
    const cols = ['id', 'createdAt', 'occurredAt', 'receivedAt', 'clockSkewMs', 'status', 'classification', 'survey', 'surveyVersion', ...CONTEXT_KEYS.filter((k) => k !== 'survey'), 'answers'];
    const lines = [cols.join(',')];
    for (const r of rows) {
      const rec: Record<string, unknown> = {
        id: r.id,
        createdAt: r.createdAt,
        occurredAt: r.occurredAt,
        receivedAt: r.receivedAt,
        clockSkewMs: r.clockSkewMs,
        status: r.status,
        classification: r.classification,
        surveyVersion: r.surveyVersion,
        ...r.context,
        answers: JSON.stringify(r.payload.answers),
      };
      lines.push(cols.map((c) => csvCell(rec[c])).join(','));
    }
    return new Response(lines.join('\r\n') + '\r\n', {
      status: 200,
      headers: { ...headers, 'content-type': 'text/csv; charset=utf-8', 'cache-control': 'no-store', 'content-disposition': `attachment; filename="feedbackkit-${stamp}.csv"` },
    });
  }

  async function getAlerts(url: URL): Promise<Response> {
    const status = url.searchParams.get('status') ?? 'open';
    if (status !== 'open' && status !== 'acked' && status !== 'all') throw new HttpError(400, 'invalid-query', `status: ${JSON.stringify(status).slice(0, 40)} is not open, acked or all`);
    return json(200, { alerts: await store.listAlerts(status, 500) });
  }

  async function ackAlert(id: string, actor: string): Promise<Response> {
    if (!/^\d{1,18}$/.test(id)) throw new HttpError(400, 'invalid-query', `id: ${JSON.stringify(id).slice(0, 40)} is not an alert id`);
    const alert = await store.ackAlert(id, actor, now().toISOString());
    if (!alert) throw new HttpError(404, 'not-found', `alert ${id} does not exist`);
    await store.audit(actor, 'alert-ack', { id });
    return json(200, { alert });
  }

  function stream(request: Request): Response {
    const body = events.stream({ heartbeatMs, signal: request.signal, hello: { at: now().toISOString() } });
    return new Response(body, {
      status: 200,
      headers: { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
    });
  }

  async function health(): Promise<Response> {
    try {
      await ready;
      await options.sql.query('SELECT 1');
      return json(200, { ok: true, database: options.sql.dialect });
    } catch {
      return json(503, { ok: false, database: options.sql.dialect, error: { code: 'storage-unavailable', message: 'database: not reachable' } });
    }
  }

  function scheduleMonitor(): void {
    if (!monitoring || closed || monitorTimer !== null) return;
    monitorTimer = setTimeout(() => {
      runMonitor().catch((err) => options.onError?.(err, new Request('http://collector.invalid/monitor')));
    }, monitoring.debounceMs ?? 10_000);
    (monitorTimer as { unref?: () => void }).unref?.();
  }

  async function runMonitor(at: Date = now()): Promise<StoredAlert[]> {
    monitorTimer = null;
    if (!monitoring || closed) return [];
    const fresh = await checkAlerts(store, at, monitoring);
    if (fanout) fanout.alerts(fresh);
    else for (const a of fresh) events.publish({ event: 'alert', data: a });
    return fresh;
  }

  async function route(request: Request, info?: RequestInfo): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return errorResponse(new HttpError(400, 'bad-request', 'url: not a valid URL'));
    }
    const path = url.pathname;
    const method = request.method.toUpperCase();
    if (path === '/v1/submissions') {
      if (method === 'OPTIONS') return preflight(request, url);
      if (method === 'POST') return postSubmissions(request, url, info);
      throw new HttpError(405, 'method-not-allowed', `${method} ${path}: use POST`, { allow: 'POST, OPTIONS' });
    }
    if (path === '/healthz') return health();
    if (path.startsWith('/v1/')) {
      limit(perAdmin, clientAddress(request, info), 'admin');
      const isStream = path === '/v1/stream';
      const actor = requireAdmin(request, url, isStream);
      await ready;
      const ack = /^\/v1\/alerts\/([^/]+)\/ack$/.exec(path);
      if (ack) {
        if (method !== 'POST') throw new HttpError(405, 'method-not-allowed', `${method} ${path}: use POST`, { allow: 'POST' });
        let id: string;
        try {
          id = decodeURIComponent(ack[1]!);
        } catch {
          throw new HttpError(400, 'invalid-query', `id: ${JSON.stringify(ack[1]).slice(0, 40)} is not a valid percent-encoded alert id`);
        }
        return ackAlert(id, actor);
      }
      if (path === '/v1/purge') {
        if (method !== 'POST') throw new HttpError(405, 'method-not-allowed', `${method} ${path}: use POST`, { allow: 'POST' });
        const dryRun = url.searchParams.get('dryRun') === 'true';
        return json(200, await purgeExpired(store, now(), options.retention, { dryRun, actor }));
      }
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'method-not-allowed', `${method} ${path}: use GET`, { allow: 'GET' });
      switch (path) {
        case '/v1/scores':
          return getScores(url);
        case '/v1/trends':
          return getTrends(url);
        case '/v1/rankings':
          return getRankings(url);
        case '/v1/reasons':
          return getReasons(url);
        case '/v1/alerts':
          return getAlerts(url);
        case '/v1/export':
          return getExport(url, actor);
        case '/v1/stream':
          return stream(request);
        case '/v1/audit':
          return json(200, { entries: await store.auditLog(200) });
      }
      throw new HttpError(404, 'not-found', `${path}: no such endpoint`);
    }
    if (options.assets && (method === 'GET' || method === 'HEAD')) {
      const res = await options.assets(path, request);
      if (res) {
        const h = new Headers(res.headers);
        for (const [k, v] of Object.entries(headers)) if (!h.has(k)) h.set(k, v);
        return new Response(res.body, { status: res.status, statusText: res.statusText, headers: h });
      }
    }
    throw new HttpError(404, 'not-found', `${path}: not found`);
  }

  const handle: Handler = async (request, info) => {
    try {
      return await route(request, info);
    } catch (err) {
      if (err instanceof HttpError) return errorResponse(err);
      options.onError?.(err, request);
      if (isDatabaseUnavailable(err)) return errorResponse(new HttpError(503, 'storage-unavailable', 'database: not reachable, retry later', { 'retry-after': '5' }));
      return errorResponse(new HttpError(500, 'internal', 'internal error'));
    }
  };

  return {
    handle,
    store,
    events,
    get listening() {
      return fanout?.listening ?? false;
    },
    eventsSent: async () => {
      await fanout?.sent();
    },
    ready,
    purgeExpired: async (at = now(), opts = {}) => {
      await ready;
      return purgeExpired(store, at, options.retention, opts);
    },
    checkAlerts: async (at = now()) => {
      await ready;
      if (monitorTimer !== null) clearTimeout(monitorTimer);
      return runMonitor(at);
    },
    close: async () => {
      closed = true;
      if (monitorTimer !== null) clearTimeout(monitorTimer);
      monitorTimer = null;
      if (foldTimer !== null) clearTimeout(foldTimer);
      foldTimer = null;
      await folding;
      await fanout?.close();
      events.closeAll();
      await ready.catch(() => {});
    },
  };
}

function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === '57P01' || code === '53300' || code === 'ETIMEDOUT';
}

/** What the live stream shows of a new submission: scores and context, never free text. */
function streamView(s: Submission, receivedAt: string, context: Partial<Record<ContextKey, string>>) {
  const ratings: Record<string, { scale: ScaleRef; value: number; reasons?: string[] }> = {};
  for (const [q, a] of Object.entries(s.answers)) if (a.type === 'rating') ratings[q] = { scale: a.scale, value: a.value, ...(a.reasons ? { reasons: a.reasons } : {}) };
  return { id: s.id, createdAt: s.createdAt, receivedAt, status: s.status, survey: s.survey ?? null, context, ratings };
}

/** RFC 4180 cell, with spreadsheet formula injection neutralised (a leading = + - @ gets a quote). */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
