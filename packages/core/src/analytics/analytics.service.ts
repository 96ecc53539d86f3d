import type { Access } from '../auth/access.js';
import type { PipelineStage } from '../ports/event-bus.port.js';
import type {
  AnalyticsRepository,
  DocumentTypeFamily,
  ModeLatency,
  Percentiles,
  QuestionBucket,
  StageDuration,
  TopQuery,
  UserActivity,
} from '../ports/analytics-repository.port.js';
import type {
  LatencySummary,
  SearchBucket,
  StatsRepository,
  ZeroResultQuery,
} from '../ports/stats-repository.port.js';
import { denseSeries, type ResolvedStatsWindow } from '../stats/stats-window.js';
import { lastWeekOf, resolveAnalyticsWindow, type AnalyticsRange } from './analytics-window.js';

/** A range (see resolveAnalyticsWindow), how many queries or users to list, and the clock (tests). */
export interface AnalyticsQuery extends AnalyticsRange {
  top?: number;
  now?: Date;
}

/** What every view says about itself: its window and whose records it counted. */
export interface AnalyticsHeader {
  /** ISO-8601, the start of the first day (inclusive). */
  from: string;
  /** ISO-8601, the end of the last day (exclusive). */
  to: string;
  days: number;
  /** `all`: everyone's (unrestricted admins); `own`: the principal's uploads, searches and questions. */
  scope: 'all' | 'own';
}

export interface DocumentCountsByType {
  typeFamily: DocumentTypeFamily;
  uploaded: number;
  processed: number;
  failed: number;
}

export interface DocumentAnalytics extends AnalyticsHeader {
  uploaded: number;
  processed: number;
  failed: number;
  /** The families seen in the window, most uploads first. */
  byType: DocumentCountsByType[];
  /** One point per day. */
  series: {
    start: string;
    uploaded: number;
    processed: number;
    failed: number;
    byType: DocumentCountsByType[];
  }[];
  /** extract, chunk, embed, index, then total; a stage never timed in the window has count 0. */
  stages: StageDuration[];
}

export interface SearchAnalytics extends AnalyticsHeader {
  searches: number;
  zeroResults: number;
  latencyMs: LatencySummary;
  /** One point per day. */
  series: SearchBucket[];
  byMode: ModeLatency[];
  topQueries: TopQuery[];
  zeroResultQueries: ZeroResultQuery[];
}

export interface QuestionAnalytics extends AnalyticsHeader {
  asked: number;
  notFound: number;
  /** notFound / asked, null without questions. */
  notFoundRate: number | null;
  latencyMs: Percentiles;
  series: QuestionBucket[];
}

export interface UserAnalytics extends AnalyticsHeader {
  /** Distinct users active each day (searched, uploaded or asked). */
  daily: { start: string; users: number }[];
  /** Distinct users active in the window. */
  total: number;
  /** Distinct users active in its last seven days. */
  weekly: number;
  top: UserActivity[];
}

export interface AnalyticsOverview extends AnalyticsHeader {
  documents: { uploaded: number; processed: number; failed: number };
  search: { searches: number; zeroResults: number; latencyMs: LatencySummary };
  questions: { asked: number; notFound: number; notFoundRate: number | null };
  /** Everyone's activity: only in the `all` scope. */
  activeUsers: { total: number; weekly: number } | null;
}

const STAGES: readonly (PipelineStage | 'total')[] = ['extract', 'chunk', 'embed', 'index', 'total'];
const DEFAULT_TOP = 10;

const sum = <T>(rows: readonly T[], pick: (row: T) => number) => rows.reduce((n, row) => n + pick(row), 0);
const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

/**
 * Usage analytics over the analytics events and the query log, each view computed by the store inside its
 * queries for what the principal may see: unrestricted admins everyone's, others only their own uploads,
 * searches and questions (`Access.ownerFilter`, a condition of every query — nothing is filtered afterwards).
 * Who else is active is an admin's view only.
 */
export class AnalyticsService {
  constructor(private readonly deps: { analytics: AnalyticsRepository; stats: StatsRepository }) {}

  async overview(access: Access, query: AnalyticsQuery = {}): Promise<AnalyticsOverview> {
    const { resolved, header, userId } = this.begin(access, query);
    const { window } = resolved;
    const a = this.deps.analytics;
    const [documents, searches, latencyMs, questions, users, weekly] = await Promise.all([
      a.documentSeries(userId, window),
      this.deps.stats.searchSeries(userId, window),
      this.deps.stats.searchLatency(userId, window),
      a.questionSeries(userId, window),
      userId === null ? a.activeUsers(window) : null,
      userId === null ? a.activeUsers(lastWeekOf(resolved).window) : null,
    ]);
    const asked = sum(questions, (q) => q.asked);
    const notFound = sum(questions, (q) => q.notFound);
    return {
      ...header,
      documents: {
        uploaded: sum(documents, (d) => d.uploaded),
        processed: sum(documents, (d) => d.processed),
        failed: sum(documents, (d) => d.failed),
      },
      search: {
        searches: sum(searches, (s) => s.searches),
        zeroResults: sum(searches, (s) => s.zeroResults),
        latencyMs,
      },
      questions: { asked, notFound, notFoundRate: rate(notFound, asked) },
      activeUsers: users && weekly ? { total: users.total, weekly: weekly.total } : null,
    };
  }

  async documents(access: Access, query: AnalyticsQuery = {}): Promise<DocumentAnalytics> {
    const { resolved, header, userId } = this.begin(access, query);
    const [rows, stages] = await Promise.all([
      this.deps.analytics.documentSeries(userId, resolved.window),
      this.deps.analytics.stageDurations(userId, resolved.window),
    ]);
    const byStart = new Map<string, DocumentCountsByType[]>();
    for (const { start, ...counts } of rows) byStart.set(start, [...(byStart.get(start) ?? []), counts]);
    const perDay = [...byStart].map(([start, byType]) => ({
      start,
      uploaded: sum(byType, (t) => t.uploaded),
      processed: sum(byType, (t) => t.processed),
      failed: sum(byType, (t) => t.failed),
      byType,
    }));
    const byStage = new Map(stages.map((s) => [s.stage, s]));
    return {
      ...header,
      uploaded: sum(perDay, (d) => d.uploaded),
      processed: sum(perDay, (d) => d.processed),
      failed: sum(perDay, (d) => d.failed),
      byType: totalsByType(rows),
      series: denseSeries(resolved, perDay, (start) => ({
        start,
        uploaded: 0,
        processed: 0,
        failed: 0,
        byType: [],
      })),
      stages: STAGES.map((stage) => byStage.get(stage) ?? { stage, count: 0, p50: null, p95: null }),
    };
  }

  async search(access: Access, query: AnalyticsQuery = {}): Promise<SearchAnalytics> {
    const { resolved, header, userId } = this.begin(access, query);
    const { window } = resolved;
    const top = query.top ?? DEFAULT_TOP;
    const [series, latencyMs, byMode, topQueries, zeroResultQueries] = await Promise.all([
      this.deps.stats.searchSeries(userId, window),
      this.deps.stats.searchLatency(userId, window),
      this.deps.analytics.searchLatencyByMode(userId, window),
      this.deps.analytics.topQueries(userId, window, top),
      this.deps.stats.zeroResultQueries(userId, window, top),
    ]);
    return {
      ...header,
      searches: sum(series, (s) => s.searches),
      zeroResults: sum(series, (s) => s.zeroResults),
      latencyMs,
      series: denseSeries(resolved, series, (start) => ({ start, searches: 0, zeroResults: 0 })),
      byMode,
      topQueries,
      zeroResultQueries,
    };
  }

  async questions(access: Access, query: AnalyticsQuery = {}): Promise<QuestionAnalytics> {
    const { resolved, header, userId } = this.begin(access, query);
    const [series, latencyMs] = await Promise.all([
      this.deps.analytics.questionSeries(userId, resolved.window),
      this.deps.analytics.questionLatency(userId, resolved.window),
    ]);
    const asked = sum(series, (q) => q.asked);
    const notFound = sum(series, (q) => q.notFound);
    return {
      ...header,
      asked,
      notFound,
      notFoundRate: rate(notFound, asked),
      latencyMs,
      series: denseSeries(resolved, series, (start) => ({ start, asked: 0, notFound: 0 })),
    };
  }

  /** Who is active: admins only (FORBIDDEN otherwise). */
  async users(access: Access, query: AnalyticsQuery = {}): Promise<UserAnalytics> {
    access.requireAdmin();
    const { resolved, header } = this.begin(access, query);
    const [active, weekly, top] = await Promise.all([
      this.deps.analytics.activeUsers(resolved.window),
      this.deps.analytics.activeUsers(lastWeekOf(resolved).window),
      this.deps.analytics.userActivity(resolved.window, query.top ?? DEFAULT_TOP),
    ]);
    return {
      ...header,
      daily: denseSeries(resolved, active.series, (start) => ({ start, users: 0 })),
      total: active.total,
      weekly: weekly.total,
      top,
    };
  }

  private begin(access: Access, query: AnalyticsQuery) {
    access.require('read');
    const resolved: ResolvedStatsWindow = resolveAnalyticsWindow(query, query.now ?? new Date());
    // Everyone's for unrestricted admins; the principal's own otherwise (an API key restricted to some
    // collections too: searches and questions belong to accounts, not collections).
    const userId = access.ownerFilter;
    const header: AnalyticsHeader = {
      from: resolved.window.from,
      to: resolved.window.to,
      days: resolved.buckets,
      scope: userId === null ? 'all' : 'own',
    };
    return { resolved, header, userId };
  }
}

function totalsByType(rows: readonly (DocumentCountsByType & { start: string })[]): DocumentCountsByType[] {
  const totals = new Map<DocumentTypeFamily, DocumentCountsByType>();
  for (const row of rows) {
    const t = totals.get(row.typeFamily) ?? {
      typeFamily: row.typeFamily,
      uploaded: 0,
      processed: 0,
      failed: 0,
    };
    t.uploaded += row.uploaded;
    t.processed += row.processed;
    t.failed += row.failed;
    totals.set(row.typeFamily, t);
  }
  return [...totals.values()].sort(
    (a, b) =>
      b.uploaded - a.uploaded || b.processed - a.processed || a.typeFamily.localeCompare(b.typeFamily),
  );
}
