// Builds small hand-made datasets for the metrics tests: one line per event, dates as text.
import { parseTimestamp } from '../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import type { EventType } from '../../core/events.js';
import { computeMetrics, prepareMetrics, type Metrics } from '../../core/metrics.js';

export function ev(child: string, type: EventType, date: string, extra: { outcome?: string; episode?: string } = {}): EventRecord {
  const ts = parseTimestamp(date);
  if (!ts) throw new Error(`bad test date ${date}`);
  return { child, type, day: ts.day, seconds: ts.seconds, outcome: extra.outcome ?? null, episodeId: extra.episode ?? null };
}

export function metricsOf(records: EventRecord[], from: string, to: string): Metrics {
  return computeMetrics(prepareMetrics(buildEventTable(records)), { from: parseTimestamp(from)!.day, to: parseTimestamp(to)!.day });
}
