// The wire format of the REST API (/api/v1) and the WebSocket /ws as TypeScript types, each one the
// `Static` of the schema the server validates, serialises or sends with. Types only: the dashboard
// imports this module with `import type`, which is erased from its bundle, and a field renamed in a
// schema fails the dashboard's typecheck where the field is used.
import type { Static } from 'typebox';
import type {
  AlertMessageSchema,
  CatalogSchema,
  EventSchema,
  RuleCreateSchema,
  RulePatchSchema,
  RuleSchema,
  RuleStateSchema,
} from '../alerts/alert-schemas.js';
import type {
  AdfSchema,
  CorrelationSchema,
  CriticalValuesSchema,
  EngleGrangerSchema,
  HedgeRegressionSchema,
  LivePairRequestSchema,
  LivePairSchema,
  PairAnalyticsSchema,
  PairParamsSchema,
  PairPointSchema,
  PairTestsFieldsSchema,
  PairTestsRunSchema,
  PairTestsSchema,
  ScanSchema,
  ScanSortEnum,
  SymbolAnalyticsSchema,
  SymbolPointSchema,
} from './routes/analytics-schemas.js';
import type { ExportFormatParam } from './export/export-params.js';
import type {
  CsvProblemSchema,
  ImportListSchema,
  ImportPreviewSchema,
  ImportProgressSchema,
  ImportQuerySchema,
  ImportRecordSchema,
  ImportStateSchema,
} from './imports/import-schemas.js';
import type {
  BarSchema,
  ErrorSchema,
  GapSchema,
  GapSummarySchema,
  HealthSchema,
  HealthReasonSchema,
  InstrumentSchema,
  InstrumentStreamingSchema,
  SourceHealthSchema,
  StreamStatusSchema,
  SyncHealthSchema,
  TickSchema,
  TimeframeSchema,
} from './schemas.js';
import type {
  ProvisionalSessionSchema,
  SessionProfileInputSchema,
  SessionProfileSchema,
  SessionReportGroupSchema,
  SessionReportResponseSchema,
  SessionReportSchema,
  SessionRowSchema,
  SessionStatisticsSchema,
  SkippedSessionSchema,
} from './routes/sessions-schemas.js';
import type { CoverageDetailSchema, CoverageGapSchema, CoverageSchema } from './routes/coverage.js';
import type { SyncErrorSchema, SyncRunSchema, SyncStatusSchema } from './sync-schemas.js';

export type { ImportMessage } from './ws-schemas.js';
export type {
  AnalyticsMessage,
  BarMessage,
  BarUpdate,
  ClientRequest,
  ServerMessage,
  RefusedChannel,
  SessionMessage,
  StatusMessage,
  SubscriptionAck,
  WsError,
} from './ws-schemas.js';

/** `venue:SYMBOL`, e.g. `binance:BTCUSDT` or `sim:AAA`. */
export type InstrumentId = string;
export type Timeframe = Static<typeof TimeframeSchema>;
export type ApiErrorBody = Static<typeof ErrorSchema>;

// Market data and system
export type Bar = Static<typeof BarSchema>;
export type Tick = Static<typeof TickSchema>;
export type Instrument = Static<typeof InstrumentSchema>;
export type InstrumentStreaming = Static<typeof InstrumentStreamingSchema>;
export type Gap = Static<typeof GapSchema>;
/** `format` of the routes that can answer with a file (ticks, bars, analytics, pairs, alert events, gaps). */
export type ExportFormat = Static<typeof ExportFormatParam>;
export type GapSummary = Static<typeof GapSummarySchema>;
export type StreamHealth = Static<typeof StreamStatusSchema>;
export type Health = Static<typeof HealthSchema>;
export type HealthReason = Static<typeof HealthReasonSchema>;
export type SourceHealth = Static<typeof SourceHealthSchema>;
export type SyncHealth = Static<typeof SyncHealthSchema>;

// Stored history and the daily sync
/** GET /coverage: one stored instrument and timeframe. */
export type Coverage = Static<typeof CoverageSchema>;
export type CoverageGap = Static<typeof CoverageGapSchema>;
/** GET /coverage?instrument=&timeframe=: the coverage with its largest gaps. */
export type CoverageDetail = Static<typeof CoverageDetailSchema>;
export type SyncRun = Static<typeof SyncRunSchema>;
export type SyncRunError = Static<typeof SyncErrorSchema>;
/** GET /sync. */
export type SyncStatus = Static<typeof SyncStatusSchema>;

// Analytics
export type SymbolPoint = Static<typeof SymbolPointSchema>;
export type SymbolAnalytics = Static<typeof SymbolAnalyticsSchema>;
export type PairParams = Static<typeof PairParamsSchema>;
export type HedgeMethod = PairParams['hedge'];
export type PriceMode = PairParams['price'];
export type PairPoint = Static<typeof PairPointSchema>;
export type PairSignal = NonNullable<PairPoint['signal']>;
export type CriticalValues = Static<typeof CriticalValuesSchema>;
export type AdfResult = Static<typeof AdfSchema>;
export type EngleGrangerResult = Static<typeof EngleGrangerSchema>;
/** The tests on the latest close, as fields of `latest` on GET /pairs/analytics. */
export type PairTestsFields = Static<typeof PairTestsFieldsSchema>;
/** A live pair's latest tests on GET /pairs. */
export type LivePairTests = Static<typeof PairTestsSchema>;
/** One run of a live pair's tests: the `tests` message of a `pair:` channel. */
export type PairTestsRun = Static<typeof PairTestsRunSchema>;
export type PairAnalytics = Static<typeof PairAnalyticsSchema>;
export type LivePairRequest = Static<typeof LivePairRequestSchema>;
export type LivePair = Static<typeof LivePairSchema>;
export type HedgeRegression = Static<typeof HedgeRegressionSchema>;
export type CorrelationMatrix = Static<typeof CorrelationSchema>;
export type ScanResult = Static<typeof ScanSchema>;
export type ScanRow = ScanResult['pairs'][number];
/** How GET /scan ranks the pairs. */
export type ScanSort = Static<typeof ScanSortEnum>;

// Alerts
export type RuleState = Static<typeof RuleStateSchema>;
export type AlertRule = Static<typeof RuleSchema>;
export type AlertTarget = AlertRule['target'];
export type Severity = AlertRule['severity'];
/** What POST /alerts accepts. */
export type RuleInput = Static<typeof RuleCreateSchema>;
/** What PATCH /alerts/:id accepts: any non-empty subset of the rule's fields. */
export type RulePatch = Static<typeof RulePatchSchema>;
export type AlertEvent = Static<typeof EventSchema>;
export type WebhookDelivery = NonNullable<AlertEvent['delivery']['webhook']>;
export type AlertCatalog = Static<typeof CatalogSchema>;
export type MetricInfo = AlertCatalog['metrics']['instrument'][number];
export type TargetKind = keyof AlertCatalog['metrics'];
export type AlertMessage = Static<typeof AlertMessageSchema>;

// Imports (OHLCV CSV upload)
/** The query string of POST /imports and POST /imports/preview (the file goes in the multipart field `file`). */
export type ImportQuery = Static<typeof ImportQuerySchema>;
/** An import as POST /imports answers it (`{ import }`) and GET /imports lists it (`{ imports }`). */
export type ImportRecord = Static<typeof ImportRecordSchema>;
export type ImportList = Static<typeof ImportListSchema>;
export type ImportState = Static<typeof ImportStateSchema>;
/** One problem of a refused file, in the 422's `error.details.problems`. */
export type CsvProblem = Static<typeof CsvProblemSchema>;
export type ImportPreview = Static<typeof ImportPreviewSchema>;
/** The `data` of an `imports` channel message. */
export type ImportProgress = Static<typeof ImportProgressSchema>;

// Sessions
export type SessionProfile = Static<typeof SessionProfileSchema>;
/** What POST /sessions/profiles accepts. */
export type SessionProfileInput = Static<typeof SessionProfileInputSchema>;
export type SessionRow = Static<typeof SessionRowSchema>;
export type ProvisionalSession = Static<typeof ProvisionalSessionSchema>;
export type SkippedSession = Static<typeof SkippedSessionSchema>;
export type SessionReportGroup = Static<typeof SessionReportGroupSchema>;
export type SessionReport = Static<typeof SessionReportSchema>;
/** GET /sessions: rows, skipped sessions, the open session and the report. */
export type SessionStatistics = Static<typeof SessionStatisticsSchema>;
/** GET /sessions/report. */
export type SessionReportResponse = Static<typeof SessionReportResponseSchema>;
