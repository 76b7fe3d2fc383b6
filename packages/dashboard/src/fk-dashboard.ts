import { LitElement, css, html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { Api, ApiError } from './api.js';
import type { Alert, RankingsResponse, ReasonsResponse, ScoresResponse, TrendsResponse } from './api.js';
import { distributionBars, horizontalBars, intervalBand, sparkline } from './charts.js';
import { METRIC_INFO, formatScore } from './scale.js';
import type { Metric } from './scale.js';
import { Refresher } from './refresher.js';
import { followStream } from './sse.js';

const TOKEN_KEY = 'feedbackkit:admin-token';
const METRICS: Metric[] = ['nps', 'csat', 'ces', 'index'];
const PERIODS = [
  { id: '1d', label: 'Last 24 hours', days: 1, window: 'day' },
  { id: '7d', label: 'Last 7 days', days: 7, window: 'day' },
  { id: '30d', label: 'Last 30 days', days: 30, window: 'week' },
  { id: '90d', label: 'Last 90 days', days: 90, window: 'week' },
  { id: '365d', label: 'Last 12 months', days: 365, window: 'month' },
  { id: 'all', label: 'All time', days: 0, window: 'month' },
] as const;
type PeriodId = (typeof PERIODS)[number]['id'];
type LeagueKey = 'branch' | 'counter' | 'staff';
/** The site the demo's `--seed` writes; shown with a marker wherever it appears. */
export const DEMO_SITE = 'demo-seed';

interface Filters {
  period: PeriodId;
  site: string;
  branch: string;
  segment: string;
  league: LeagueKey;
  detailMetric: Metric;
  minN: number;
}

interface Data {
  scores: Partial<Record<Metric, ScoresResponse>>;
  trends: Partial<Record<Metric, TrendsResponse>>;
  rankings: RankingsResponse | null;
  reasons: ReasonsResponse | null;
  alerts: Alert[];
  options: { site: string[]; branch: string[]; segment: string[] };
  updatedAt: Date | null;
}

interface RecentItem {
  id: string;
  at: string;
  text: string;
}

/** Reads a token passed as `#token=…` (never a query string: those reach server logs), keeps it for the tab, and removes it from the address bar. */
export function takeTokenFromFragment(loc: Location, hist: History, store: Storage): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(loc.hash);
  if (m) {
    const token = decodeURIComponent(m[1]!);
    store.setItem(TOKEN_KEY, token);
    hist.replaceState(null, '', loc.pathname + loc.search);
    return token;
  }
  return store.getItem(TOKEN_KEY);
}

/** The monitor's rules (core `MonitorRule`) in words. */
const RULES: Record<string, string> = {
  'warning-level': 'below the warning level',
  ewma: 'drifting down (EWMA chart)',
  cusum: 'sustained drop (CUSUM)',
  consecutive: 'falling several days running',
  silence: 'no ratings arriving',
};

function npsClass(v: number): string {
  return v <= 6 ? 'low' : v <= 8 ? 'mid' : 'high';
}
function classFor(metric: Metric): (v: number, i: number, n: number) => string {
  if (metric === 'nps') return npsClass;
  if (metric === 'csat') return (v) => (v <= 2 ? 'low' : v === 3 ? 'mid' : 'high');
  if (metric === 'ces') return (v) => (v <= 3 ? 'low' : v <= 4 ? 'mid' : 'high');
  // Counter evaluator: bottom level low, top level high.
  return (_v, i, n) => (i === 0 ? 'low' : i === n - 1 ? 'high' : 'mid');
}

/**
 * The collector dashboard: headline NPS, CSAT and CES with 95% intervals and distributions,
 * trends, a league table, reason codes and alerts, filtered by period, site, branch and
 * segment, refreshed live from `/v1/stream`.
 */
export class FkDashboard extends LitElement {
  static override properties = {
    timeZone: { attribute: false },
    _token: { state: true },
    _filters: { state: true },
    _data: { state: true },
    _live: { state: true },
    _error: { state: true },
    _paused: { state: true },
    _loading: { state: true },
    _recent: { state: true },
  };

  static override styles = css`
    :host { display: block; color: var(--text); }
    h1 { font-size: 1.4rem; margin: 0; }
    h2 { font-size: 1.05rem; margin: 0 0 0.5rem; }
    header { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; margin-block-end: 1rem; }
    .status { display: flex; gap: 0.75rem; align-items: center; font-size: 0.9rem; color: var(--muted); }
    .live-dot { display: inline-block; width: 0.6rem; height: 0.6rem; border-radius: 50%; background: var(--muted); margin-inline-end: 0.3rem; }
    .live-dot.live { background: var(--good); }
    .live-dot.retrying { background: var(--bad); }
    form.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; margin-block-end: 1rem; padding: 0.75rem; background: var(--panel); border: 1px solid var(--border); border-radius: 8px; }
    label { display: flex; flex-direction: column; font-size: 0.8rem; color: var(--muted); gap: 0.2rem; }
    select, input, button { font: inherit; font-size: 0.95rem; padding: 0.35rem 0.5rem; border: 1px solid var(--border); border-radius: 6px; background: var(--bg); color: var(--text); min-height: 2.25rem; }
    button { cursor: pointer; background: var(--accent); color: var(--on-accent); border-color: var(--accent); }
    button.secondary { background: var(--bg); color: var(--text); border-color: var(--border); }
    button:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
    .grid.metrics { grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr)); }
    .grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 19rem), 1fr)); margin-block-end: 1rem; }
    section.card { position: relative; background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 1rem; min-width: 0; }
    .headline { display: flex; align-items: baseline; gap: 0.5rem; flex-wrap: wrap; }
    .score { font-size: 2.2rem; font-weight: 700; font-variant-numeric: tabular-nums; }
    .muted { color: var(--muted); font-size: 0.85rem; }
    .nowrap { white-space: nowrap; }
    .flag { display: inline-block; font-size: 0.75rem; padding: 0.05rem 0.4rem; border-radius: 999px; border: 1px solid var(--warn); color: var(--warn-text); background: var(--warn-bg); }
    .demo-banner { border: 1px solid var(--warn); background: var(--warn-bg); color: var(--warn-text); padding: 0.5rem 0.75rem; border-radius: 8px; margin-block-end: 1rem; }
    .paused { color: var(--warn-text); }
    .error { border: 1px solid var(--bad); color: var(--bad); padding: 0.5rem 0.75rem; border-radius: 8px; margin-block-end: 1rem; }
    svg { display: block; max-width: 100%; height: auto; overflow: visible; }
    svg.band, svg.spark, svg.hbars { width: 100%; }
    svg.band { max-width: 26rem; }
    svg.dist { margin-block-start: 0.5rem; }
    svg.spark { max-width: 26rem; margin-block-start: 0.5rem; }
    .axis, .tick { stroke: var(--muted); stroke-width: 1; }
    .tick-label, .bar-label, .hbar-label, .hbar-value { fill: var(--muted); font-size: 10px; font-family: inherit; }
    .hbar-label { fill: var(--text); font-size: 12px; }
    .hbar-value { font-size: 11px; }
    .ci { fill: var(--accent); opacity: 0.3; }
    .dot { fill: var(--accent); stroke: var(--bg); stroke-width: 2; }
    .bar.low { fill: var(--bad); }
    .bar.mid { fill: var(--mid); }
    .bar.high { fill: var(--good); }
    .hbar { fill: var(--accent); }
    .spark-ci { fill: var(--accent); opacity: 0.18; }
    .spark-line { fill: none; stroke: var(--accent); stroke-width: 2; }
    .spark-dot { fill: var(--accent); }
    table { border-collapse: collapse; width: 100%; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
    caption { text-align: start; font-weight: 600; padding-block-end: 0.4rem; }
    th, td { text-align: start; padding: 0.3rem 0.4rem; border-bottom: 1px solid var(--border); }
    td.num, th.num { text-align: end; }
    .table-wrap { overflow-x: auto; }
    .sr-only { position: absolute; inset-inline-start: 0; top: 0; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    ul.alerts, ul.recent { list-style: none; margin: 0; padding: 0; }
    ul.alerts li { display: flex; gap: 0.75rem; justify-content: space-between; align-items: center; padding: 0.5rem 0; border-bottom: 1px solid var(--border); }
    ul.recent li { padding: 0.25rem 0; border-bottom: 1px solid var(--border); font-size: 0.9rem; }
    .login { max-width: 26rem; margin: 4rem auto; background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 1.5rem; }
    .login form { display: flex; flex-direction: column; gap: 0.75rem; }
    .controls { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-block-end: 0.5rem; }
  `;

  /** The IANA zone days, weeks and months are cut in (`tz`): the viewer's own; UTC when the browser names none or the collector refuses it. */
  declare timeZone: string;
  declare _token: string | null;
  declare _filters: Filters;
  declare _data: Data;
  declare _live: 'off' | 'connecting' | 'live' | 'retrying' | 'unauthorized';
  declare _error: string | null;
  /** Why live updating stopped for now (the numbers shown are the last good ones); null while all is well. */
  declare _paused: string | null;
  declare _loading: boolean;
  declare _recent: RecentItem[];

  private api: Api | null = null;
  private streamAbort: AbortController | null = null;
  /** The filter lists are (re)loaded with the next successful reload. */
  private needOptions = true;
  private readonly refresher = new Refresher({ run: () => this.load(), onError: (err, ms) => this.loadFailed(err, ms) });

  constructor() {
    super();
    this.timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    this._token = null;
    this._filters = { period: '30d', site: '', branch: '', segment: '', league: 'branch', detailMetric: 'nps', minN: 10 };
    this._data = { scores: {}, trends: {}, rankings: null, reasons: null, alerts: [], options: { site: [], branch: [], segment: [] }, updatedAt: null };
    this._live = 'off';
    this._error = null;
    this._paused = null;
    this._loading = false;
    this._recent = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    let token: string | null = null;
    try {
      token = takeTokenFromFragment(location, history, sessionStorage);
    } catch {
      /* storage blocked: ask each time */
    }
    if (token) this.signIn(token);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.streamAbort?.abort();
    this.refresher.stop();
  }

  private signIn(token: string): void {
    this._token = token;
    this.api = new Api(token);
    this.refresh(true);
    this.startStream();
  }

  private signOut(): void {
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      /* ignore */
    }
    this.streamAbort?.abort();
    this.refresher.stop();
    this.api = null;
    this._paused = null;
    this._token = null;
    this._live = 'off';
  }

  private startStream(): void {
    this.streamAbort?.abort();
    const abort = new AbortController();
    this.streamAbort = abort;
    void followStream({
      url: '/v1/stream',
      token: this._token!,
      signal: abort.signal,
      onState: (s) => {
        this._live = s;
        if (s === 'unauthorized') this.fail('The admin token was refused. Sign in again.');
      },
      // Back after a drop (a collector restart): what arrived meanwhile was never announced.
      onReconnect: () => this.scheduleRefresh(),
      onMessage: (m) => {
        if (m.event === 'submission') {
          try {
            this.noteSubmission(JSON.parse(m.data) as StreamSubmission);
          } catch {
            /* ignore a malformed event */
          }
          this.scheduleRefresh();
        } else if (m.event === 'alert' || m.event === 'resync') {
          // resync: the collector missed events (its listener reconnected, a batch too large to describe).
          this.scheduleRefresh();
        }
      },
    });
  }

  private noteSubmission(s: StreamSubmission): void {
    const parts = Object.entries(s.ratings ?? {}).map(([q, r]) => `${r.scale.kind.toUpperCase()} ${r.value}${r.reasons?.length ? ` (${r.reasons.join(', ')})` : ''} · ${q}`);
    const where = [s.context?.site, s.context?.branch, s.context?.counter, s.context?.staff].filter(Boolean).join(' / ');
    const text = `${parts.join('; ') || s.status}${where ? ` — ${where}` : ''}`;
    this._recent = [{ id: s.id, at: new Date(s.receivedAt).toLocaleTimeString(), text }, ...this._recent].slice(0, 8);
  }

  /** A live event: reload, paced by the refresher (at most one reload per 2 s, longer after failures). */
  private scheduleRefresh(): void {
    this.refresher.request();
  }

  private fail(message: string): void {
    this._error = message;
  }

  private params(): Record<string, string | undefined> {
    const f = this._filters;
    const period = PERIODS.find((p) => p.id === f.period)!;
    const from = period.days > 0 ? new Date(Date.now() - period.days * 86_400_000).toISOString() : undefined;
    return { from, tz: this.timeZone, site: f.site || undefined, branch: f.branch || undefined, segment: f.segment || undefined };
  }

  /** Reloads now (sign-in, a filter, the Refresh button), unless a failure's back-off holds it; one at a time. */
  refresh(withOptions: boolean): void {
    this.needOptions ||= withOptions;
    this.refresher.request(true);
  }

  /** A failed reload: keep the last good numbers with a quiet note, and let the refresher retry. */
  private loadFailed(err: unknown, ms: number): boolean {
    if (!this.api) return false;
    if (err instanceof ApiError && err.status === 401) {
      this.signOut();
      this.fail('The admin token was refused. Sign in again.');
      return false;
    }
    if (err instanceof ApiError && err.status === 400 && err.message.startsWith('tz:') && this.timeZone !== 'UTC') {
      this.timeZone = 'UTC'; // a zone the collector does not know: its default
      return true;
    }
    const why = `${(err as Error).message}; trying again in ${Math.ceil(ms / 1000)} s`;
    if (this._data.updatedAt) this._paused = `Updating paused (${why})`;
    else this.fail(`Could not load the numbers: ${why}`);
    return true;
  }

  private async load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const withOptions = this.needOptions;
    this.needOptions = false;
    this._loading = true;
    const p = this.params();
    const f = this._filters;
    const window = PERIODS.find((x) => x.id === f.period)!.window;
    try {
      const [scores, trends, rankings, reasons, alerts] = await Promise.all([
        Promise.all(METRICS.map((m) => api.get<ScoresResponse>('/v1/scores', { ...p, metric: m }))),
        Promise.all(METRICS.map((m) => api.get<TrendsResponse>('/v1/trends', { ...p, metric: m, window }))),
        api.get<RankingsResponse>('/v1/rankings', { ...p, metric: f.detailMetric, groupBy: f.league, minN: String(f.minN) }),
        api.get<ReasonsResponse>('/v1/reasons', { ...p, metric: f.detailMetric }),
        api.get<{ alerts: Alert[] }>('/v1/alerts', { status: 'open' }),
      ]);
      let options = this._data.options;
      if (withOptions) {
        const keys = ['site', 'branch', 'segment'] as const;
        const lists = await Promise.all(
          keys.map(async (k) => {
            // Only the group names are needed: lean cells (detail=summary), not distributions and tallies.
            const per = await Promise.all(METRICS.map((m) => api.get<{ groups: Array<{ group: string | null }> }>('/v1/scores', { metric: m, groupBy: k, detail: 'summary' })));
            const names = new Set<string>();
            for (const r of per) for (const g of r.groups) if (g.group) names.add(g.group);
            return [...names].sort();
          }),
        );
        options = { site: lists[0]!, branch: lists[1]!, segment: lists[2]! };
      }
      this._data = {
        scores: Object.fromEntries(METRICS.map((m, i) => [m, scores[i]!])),
        trends: Object.fromEntries(METRICS.map((m, i) => [m, trends[i]!])),
        rankings,
        reasons,
        alerts: alerts.alerts,
        options,
        updatedAt: new Date(),
      };
      this._error = this._paused = null;
    } catch (err) {
      this.needOptions ||= withOptions;
      throw err;
    } finally {
      this._loading = false;
    }
  }

  private setFilter<K extends keyof Filters>(key: K, value: Filters[K]): void {
    this._filters = { ...this._filters, [key]: value };
    this.refresh(false);
  }

  private async ack(alert: Alert): Promise<void> {
    if (!this.api) return;
    try {
      await this.api.ackAlert(alert.id);
      this._data = { ...this._data, alerts: this._data.alerts.filter((a) => a.id !== alert.id) };
    } catch (err) {
      this.fail(`Could not acknowledge alert ${alert.id}: ${(err as Error).message}`);
    }
  }

  override render(): TemplateResult {
    if (!this._token) return this.renderLogin();
    const d = this._data;
    const hasDemo = d.options.site.includes(DEMO_SITE);
    return html`
      <header>
        <h1>Feedbackkit dashboard</h1>
        <div class="status" role="status">
          <span><span class=${`live-dot ${this._live}`}></span>${this.liveText()}</span>
          <span>${d.updatedAt ? `Updated ${d.updatedAt.toLocaleTimeString()}` : 'Loading…'}</span>
          ${this._paused ? html`<span class="paused" data-testid="paused">${this._paused}</span>` : nothing}
          <button class="secondary" type="button" @click=${() => this.signOut()}>Sign out</button>
        </div>
      </header>
      ${hasDemo
        ? html`<p class="demo-banner" data-testid="demo-banner"><strong>Demo data:</strong> this collector holds seeded sample responses under site “${DEMO_SITE}”. They are not real feedback; pick another site to leave them out.</p>`
        : nothing}
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      ${this.renderFilters()}
      <div class="grid metrics">${METRICS.map((m) => this.renderMetric(m))}</div>
      <div class="grid">
        ${this.renderLeague()} ${this.renderReasons()}
      </div>
      <div class="grid">
        ${this.renderAlerts()} ${this.renderRecent()}
      </div>
    `;
  }

  private liveText(): string {
    switch (this._live) {
      case 'live':
        return 'Live';
      case 'connecting':
        return 'Connecting…';
      case 'retrying':
        return 'Reconnecting…';
      case 'unauthorized':
        return 'Not signed in';
      default:
        return 'Off';
    }
  }

  private renderLogin(): TemplateResult {
    return html`<div class="login">
      <h1>Feedbackkit dashboard</h1>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      <form
        @submit=${(e: Event) => {
          e.preventDefault();
          const input = (e.target as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
          const token = input.value.trim();
          if (!token) return;
          try {
            sessionStorage.setItem(TOKEN_KEY, token);
          } catch {
            /* kept in memory only */
          }
          this._error = null;
          this.signIn(token);
        }}
      >
        <label>Admin token <input name="token" type="password" autocomplete="off" required /></label>
        <p class="muted">Kept for this browser tab only (sessionStorage). <code>npm start</code> prints it.</p>
        <button type="submit">Sign in</button>
      </form>
    </div>`;
  }

  private renderFilters(): TemplateResult {
    const f = this._filters;
    const o = this._data.options;
    const select = (key: 'site' | 'branch' | 'segment', label: string, values: string[]) => html`<label
      >${label}
      <select @change=${(e: Event) => this.setFilter(key, (e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${f[key] === ''}>All</option>
        ${values.map((v) => html`<option value=${v} ?selected=${f[key] === v}>${v}${v === DEMO_SITE ? ' (demo data)' : ''}</option>`)}
      </select></label
    >`;
    return html`<form class="filters" aria-label="Filters" @submit=${(e: Event) => e.preventDefault()}>
      <label
        >Period
        <select @change=${(e: Event) => this.setFilter('period', (e.target as HTMLSelectElement).value as PeriodId)}>
          ${PERIODS.map((p) => html`<option value=${p.id} ?selected=${f.period === p.id}>${p.label}</option>`)}
        </select></label
      >
      ${select('site', 'Site', o.site)} ${select('branch', 'Branch', o.branch)} ${select('segment', 'Segment', o.segment)}
      <span class="muted" data-testid="tz">Time zone: ${this.timeZone}</span>
      <button class="secondary" type="button" @click=${() => this.refresh(true)}>Refresh</button>
    </form>`;
  }

  private renderMetric(m: Metric): TemplateResult {
    const info = METRIC_INFO[m];
    const s = this._data.scores[m]?.overall ?? null;
    const series = this._data.trends[m]?.series.find((x) => x.group === null)?.points ?? this._data.trends[m]?.series[0]?.points ?? [];
    const ciText = s ? `95% interval ${formatScore(s.ci[0], info.digits)} to ${formatScore(s.ci[1], info.digits)}` : '';
    return html`<section class="card" aria-labelledby=${`h-${m}`} data-metric=${m}>
      <h2 id=${`h-${m}`}>${info.label}</h2>
      <div class="headline">
        <span class="score" data-testid=${`score-${m}`}>${s ? formatScore(s.score, info.digits) : '—'}</span>
        <span class="muted">${s ? `n = ${s.n}` : 'no responses yet'}</span>
        ${s?.smallSample ? html`<span class="flag" title="Fewer responses than the minimum sample: the interval is wide">small sample</span>` : nothing}
      </div>
      <p class="muted">${info.unit}${s ? html`; <span data-testid=${`ci-${m}`}>${ciText}</span>` : nothing}</p>
      ${intervalBand(info, s?.score ?? null, s?.ci ?? null)}
      ${s
        ? html`${distributionBars(s.distribution, classFor(m))}
            <div class="sr-only">
              <table>
                <caption>${info.label} responses per scale point</caption>
                <tr><th scope="col">Point</th><th scope="col">Responses</th></tr>
                ${s.distribution.map((d) => html`<tr><td>${d.value}</td><td>${d.count}</td></tr>`)}
              </table>
            </div>`
        : nothing}
      ${series.length > 0
        ? html`${sparkline(info, series)}
            <p class="sr-only">Trend: ${series.map((p) => `${p.window}: ${formatScore(p.score, info.digits)} (n ${p.n})`).join('; ')}</p>`
        : nothing}
    </section>`;
  }

  private renderLeague(): TemplateResult {
    const f = this._filters;
    const r = this._data.rankings;
    const info = METRIC_INFO[f.detailMetric];
    const rows = [...(r?.ranked ?? []), ...(r?.unranked ?? [])];
    return html`<section class="card" aria-labelledby="h-league">
      <h2 id="h-league">League table</h2>
      <div class="controls">
        <label
          >Rank
          <select @change=${(e: Event) => this.setFilter('league', (e.target as HTMLSelectElement).value as LeagueKey)}>
            ${(['branch', 'counter', 'staff'] as const).map((k) => html`<option value=${k} ?selected=${f.league === k}>${k}</option>`)}
          </select></label
        >
        <label
          >by
          <select @change=${(e: Event) => this.setFilter('detailMetric', (e.target as HTMLSelectElement).value as Metric)}>
            ${METRICS.map((m) => html`<option value=${m} ?selected=${f.detailMetric === m}>${METRIC_INFO[m].label}</option>`)}
          </select></label
        >
        <label
          >Min. responses
          <input type="number" min="1" max="1000" .value=${String(f.minN)} @change=${(e: Event) => {
            const v = Number((e.target as HTMLInputElement).value);
            if (Number.isInteger(v) && v >= 1) this.setFilter('minN', v);
          }} /></label
        >
      </div>
      <div class="table-wrap">
        <table data-testid="league">
          <caption>
            ${info.label} by ${f.league}: ranked on the score shrunk toward the overall ${r?.overall ? formatScore(r.overall.score, info.digits) : ''} (as if ${r?.m ?? 10} more
            responses were average); fewer than ${f.minN} responses are listed, not ranked.
          </caption>
          <thead>
            <tr><th scope="col">Rank</th><th scope="col">${f.league}</th><th scope="col" class="num">n</th><th scope="col" class="num">${info.label}</th><th scope="col" class="num">95% interval</th><th scope="col" class="num">Shrunk</th></tr>
          </thead>
          <tbody>
            ${rows.length === 0 ? html`<tr><td colspan="6" class="muted">No ratings with a ${f.league} yet.</td></tr>` : nothing}
            ${rows.map(
              (row) => html`<tr>
                <td>${row.rank === null ? '—' : `${row.rank}${row.tied ? '=' : ''}`}</td>
                <th scope="row">${row.id}</th>
                <td class="num">${row.n}</td>
                <td class="num">${formatScore(row.score, info.digits)}</td>
                <td class="num">${formatScore(row.ci[0], info.digits)} to ${formatScore(row.ci[1], info.digits)}</td>
                <td class="num">${formatScore(row.shrunk, info.digits)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  private renderReasons(): TemplateResult {
    const f = this._filters;
    const g = this._data.reasons?.groups[0];
    const rows = (g?.reasons ?? []).slice(0, 8);
    return html`<section class="card" aria-labelledby="h-reasons">
      <h2 id="h-reasons">Main reasons for low ${METRIC_INFO[f.detailMetric].label} scores</h2>
      ${rows.length === 0
        ? html`<p class="muted">No reason codes chosen yet.</p>`
        : html`${horizontalBars(rows.map((r) => ({ label: r.code, count: r.count, note: `${r.shareOfRatingsWithReasons.toFixed(0)}%` })))}
            <div class="sr-only">
              <table>
                <caption>Reason codes: count and share of the ${g?.ratingsWithReasons ?? 0} ratings that named a reason</caption>
                <tr><th scope="col">Reason</th><th scope="col">Count</th><th scope="col">Share</th></tr>
                ${rows.map((r) => html`<tr><td>${r.code}</td><td>${r.count}</td><td>${r.shareOfRatingsWithReasons.toFixed(0)}%</td></tr>`)}
              </table>
            </div>
            <p class="muted">${g?.ratingsWithReasons ?? 0} of ${g?.ratings ?? 0} ratings named a reason; a rating may name several.</p>`}
    </section>`;
  }

  private renderAlerts(): TemplateResult {
    const alerts = this._data.alerts;
    return html`<section class="card" aria-labelledby="h-alerts">
      <h2 id="h-alerts">Alerts (${alerts.length} open)</h2>
      ${alerts.length === 0
        ? html`<p class="muted">No open alerts.</p>`
        : html`<ul class="alerts" data-testid="alerts">
            ${alerts.map(
              (a) => html`<li>
                <span
                  ><strong>${a.metric.toUpperCase()}, ${a.groupBy} ${a.segment}</strong>: ${RULES[a.rule] ?? a.rule} on <time class="nowrap" datetime=${a.period}>${a.period}</time>${a.value !== null
                    ? html` — ${formatScore(a.value, 1)}`
                    : nothing}${a.baseline !== null ? html` against a usual ${formatScore(a.baseline, 1)}` : nothing}</span
                >
                <button type="button" class="secondary" @click=${() => void this.ack(a)}>Acknowledge<span class="sr-only"> alert ${a.id}</span></button>
              </li>`,
            )}
          </ul>`}
    </section>`;
  }

  private renderRecent(): TemplateResult {
    return html`<section class="card" aria-labelledby="h-recent">
      <h2 id="h-recent">Arriving now</h2>
      ${this._recent.length === 0
        ? html`<p class="muted">New ratings appear here as they arrive (scores and context only; comments stay in the export).</p>`
        : html`<ul class="recent" aria-live="polite">
            ${this._recent.map((r) => html`<li><span class="muted">${r.at}</span> ${r.text}</li>`)}
          </ul>`}
    </section>`;
  }
}

interface StreamSubmission {
  id: string;
  receivedAt: string;
  status: string;
  context?: Record<string, string | undefined>;
  ratings?: Record<string, { scale: { kind: string }; value: number; reasons?: string[] }>;
}

declare global {
  interface HTMLElementTagNameMap {
    'fk-dashboard': FkDashboard;
  }
}
