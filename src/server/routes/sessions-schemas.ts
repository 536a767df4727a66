// Wire format of the session statistics routes: profiles, per-session rows, the provisional open
// session and the report. Field meanings are those of docs/sessions.md.
import { Type } from 'typebox';
import { PROFILE_NAME_PATTERN } from '../../analytics/sessions/session-definition.js';

const NullableNumber = (description?: string) =>
  Type.Union([Type.Number(), Type.Null()], description === undefined ? {} : { description });

export const SessionProfileSchema = Type.Object({
  name: Type.String({ pattern: PROFILE_NAME_PATTERN }),
  description: Type.String(),
  tz: Type.String({ description: 'IANA time zone of the local calendar' }),
  sessionStart: Type.String({ description: 'local start of each session, HH:MM' }),
  ibMinutes: Type.Integer({ description: 'length of the Initial Balance, minutes' }),
  minCoverage: Type.Number({ description: 'fraction of the minutes that must have a bar' }),
  extensionLevels: Type.Array(Type.Number(), { description: 'extension levels of the report, in IB ranges' }),
});

export const SessionProfileInputSchema = Type.Object(
  {
    name: Type.String({ pattern: PROFILE_NAME_PATTERN, description: 'lower-case letters, digits, - or _' }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    tz: Type.String({ maxLength: 64, description: 'IANA time zone, e.g. America/Chicago' }),
    sessionStart: Type.String({ maxLength: 5, description: 'local start, HH:MM' }),
    ibMinutes: Type.Integer({ minimum: 1, maximum: 720 }),
    minCoverage: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 1 })),
    extensionLevels: Type.Optional(Type.Array(Type.Number({ exclusiveMinimum: 0 }), { minItems: 1, maxItems: 12 })),
  },
  { additionalProperties: false },
);

const rowFields = {
  date: Type.String({ description: 'local date the session starts on' }),
  weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 Monday … 7 Sunday' }),
  start: Type.Number({ description: 'epoch ms UTC' }),
  end: Type.Number({ description: 'epoch ms UTC, exclusive' }),
  coverage: Type.Number({ description: 'bars over the minutes of the session' }),
  open: Type.Number(),
  high: Type.Number(),
  low: Type.Number(),
  close: Type.Number(),
  ibHigh: Type.Number(),
  ibLow: Type.Number(),
  ibRange: Type.Number(),
  breakUp: Type.Boolean(),
  breakDown: Type.Boolean(),
  breakUpMinute: NullableNumber('minutes from the start to the first bar above the IB high'),
  breakDownMinute: NullableNumber('minutes from the start to the first bar below the IB low'),
  firstBreak: Type.Enum(['up', 'down', 'both', 'none']),
  falseBreakUp: Type.Boolean({ description: 'broke up and closed at or below the IB high' }),
  falseBreakDown: Type.Boolean({ description: 'broke down and closed at or above the IB low' }),
  extUp: NullableNumber('how far above the IB high the session went, in IB ranges; null for a flat IB'),
  extDown: NullableNumber('how far below the IB low the session went, in IB ranges; null for a flat IB'),
  rangeRatio: NullableNumber('session range over IB range; null for a flat IB'),
  dayType: Type.Enum(['inside', 'up', 'down', 'both']),
  highMinute: Type.Number({ description: 'minutes from the start to the first bar that made the high' }),
  lowMinute: Type.Number({ description: 'minutes from the start to the first bar that made the low' }),
};

export const SessionRowSchema = Type.Object(rowFields);

export const ProvisionalSessionSchema = Type.Object({
  ...rowFields,
  ibBars: Type.Integer({ description: 'bars of the IB so far' }),
  elapsedMinutes: Type.Number({ description: 'minutes since the session start' }),
});

export const SkippedSessionSchema = Type.Object({
  date: Type.String(),
  reason: Type.Enum(['ib_incomplete', 'coverage'], {
    description: 'ib_incomplete: a minute of the IB has no bar; coverage: too few bars over the session',
  }),
});

const LevelRates = Type.Record(Type.String(), NullableNumber(), {
  description: 'per extension level, of the sessions that broke on that side, the fraction that reached it',
});

export const SessionReportGroupSchema = Type.Object({
  n: Type.Integer({ description: 'evaluated sessions' }),
  pBreakUp: NullableNumber(),
  pBreakDown: NullableNumber(),
  pBoth: NullableNumber(),
  pInside: NullableNumber(),
  pFalseBreakUp: NullableNumber('of the sessions that broke up, the fraction that closed back at or below the IB high'),
  pFalseBreakDown: NullableNumber('of the sessions that broke down, the fraction that closed at or above the IB low'),
  pExtUp: LevelRates,
  pExtDown: LevelRates,
  meanRangeRatio: NullableNumber(),
  medianRangeRatio: NullableNumber(),
  highHourHist: Type.Array(Type.Integer(), { description: 'sessions per hour of the session that made the high' }),
  lowHourHist: Type.Array(Type.Integer()),
  firstBreakHourHist: Type.Array(Type.Integer()),
});

export const SessionReportSchema = Type.Object({
  all: SessionReportGroupSchema,
  byWeekday: Type.Record(Type.String(), SessionReportGroupSchema, { description: "keyed '1' (Monday) … '7'" }),
});

export const SessionStatisticsSchema = Type.Object({
  instrument: Type.String(),
  profile: SessionProfileSchema,
  definitionsVersion: Type.Integer({ description: 'version of the session definitions the rows follow' }),
  from: Type.Number({ description: 'start of the first session of the range, epoch ms' }),
  to: Type.Number({ description: 'end of the last session of the range, epoch ms' }),
  sessions: Type.Array(SessionRowSchema),
  skipped: Type.Array(SkippedSessionSchema),
  provisional: Type.Union([ProvisionalSessionSchema, Type.Null()], {
    description: 'the session still open, over its bars so far; in neither the rows nor the report',
  }),
  report: SessionReportSchema,
});

export const SessionReportResponseSchema = Type.Object({
  instrument: Type.String(),
  profile: SessionProfileSchema,
  definitionsVersion: Type.Integer(),
  from: Type.Number(),
  to: Type.Number(),
  weekdays: Type.Array(Type.Integer()),
  report: SessionReportSchema,
});
