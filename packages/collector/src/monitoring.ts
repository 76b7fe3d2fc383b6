import { calendarKey, createMonitor, scaleFor } from '@feedbackkit/core';
import type { MonitorInput, MonitorOptions } from '@feedbackkit/core';
import type { ContextKey } from './migrations.js';
import { defaultScaleRef, summariseLean, type MetricName } from './scores.js';
import type { StoredAlert, Store } from './store.js';

export interface MonitoringOptions {
  /** Context keys whose segments are watched (default branch, counter, staff, channel). */
  groupBy?: ContextKey[];
  /** Metrics watched (default nps and csat). */
  metrics?: MetricName[];
  /** Days of history replayed each run (default 90). */
  lookbackDays?: number;
  /** Days with fewer ratings than this are not charted (default 5). */
  minDailyN?: number;
  /** IANA zone of the daily windows (default: the store's reporting time zone). */
  tz?: string;
  /** core's createMonitor options (default: 7-day warm-up, every rule at core's defaults). */
  monitor?: MonitorOptions;
}

const DAY = 86_400_000;

/**
 * Replays each segment's daily scores through core's monitor and stores the alerts it raises.
 * A fresh monitor replays the same history deterministically, so every run — on any collector
 * sharing the database — raises the same alerts, and the UNIQUE key stores each once.
 * Returns only the alerts this run stored for the first time.
 */
export async function checkAlerts(store: Store, now: Date, options: MonitoringOptions = {}): Promise<StoredAlert[]> {
  const groupBy = options.groupBy ?? ['branch', 'counter', 'staff', 'channel'];
  const metrics = options.metrics ?? ['nps', 'csat'];
  const minDailyN = options.minDailyN ?? 5;
  const tz = options.tz ?? store.reportingTimeZone;
  // A whole local day as the bound, so segments kept in the daily rollup are read from it.
  const from = { date: calendarKey(now.getTime() - (options.lookbackDays ?? 90) * DAY, 'day', tz) };
  const fresh: StoredAlert[] = [];
  for (const metric of metrics) {
    const scale = scaleFor(defaultScaleRef(metric));
    for (const key of groupBy) {
      const { tallies } = await store.countTallies({ scaleId: scale.id, groupBy: key, window: 'day', tz, from }, scale);
      const inputs: MonitorInput[] = [];
      for (const [group, byDay] of tallies) {
        if (group === null) continue;
        for (const [day, tally] of byDay) {
          if (day === null) continue;
          const m = summariseLean(metric, scale, tally, 30);
          if (m.n < minDailyN) continue;
          inputs.push({ segment: `${key}=${group}`, metric, value: m.score, at: `${day}T00:00:00.000Z` });
        }
      }
      if (inputs.length === 0) continue;
      inputs.sort((a, b) => String(a.at).localeCompare(String(b.at)) || a.segment.localeCompare(b.segment));
      const monitor = createMonitor(options.monitor ?? { defaults: { warmup: 7 } });
      const alerts = monitor.addAll(inputs);
      const stored = await store.insertAlerts(
        alerts.map((a) => ({
          metric,
          groupBy: key,
          segment: a.segment.slice(key.length + 1),
          period: a.at.slice(0, 10),
          rule: a.rule,
          value: a.value,
          baseline: a.baseline,
          threshold: a.threshold,
          detail: { evidence: a.evidence, at: a.at, segmentKey: a.segment },
        })),
      );
      fresh.push(...stored);
    }
  }
  return fresh;
}
