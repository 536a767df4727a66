// The wire shapes of the OHLCV CSV upload: the options of POST /imports (its query string), an
// import as GET /imports lists it and POST answers it, a problem of a refused file, and the
// progress message of the `imports` WebSocket channel.
import { Type, type TSchema } from 'typebox';
import { CSV_FIELDS, DUPLICATE_POLICIES } from '../../import/ohlcv-csv.js';
import { TimeframeSchema } from '../schemas.js';

export const ImportQuerySchema = Type.Object({
  instrument: Type.String({
    minLength: 1,
    description: 'where the bars go: `csv:MYDATA`, a bare `MYDATA` (taken as csv:MYDATA) or any venue:SYMBOL',
  }),
  timeframe: Type.Optional(TimeframeSchema),
  map: Type.Optional(
    Type.String({
      description: `field=column pairs, e.g. \`time=Date,close=Adj Close\`; fields: ${CSV_FIELDS.join(', ')}`,
    }),
  ),
  timeFormat: Type.Optional(
    Type.String({
      description: 'e.g. `DD/MM/YYYY HH:mm` (UTC), or epoch-s|epoch-ms|epoch-us; default ISO-8601 or epoch',
    }),
  ),
  delimiter: Type.Optional(
    Type.Enum([',', ';', '\t', '\\t'], { description: 'detected from the header when absent; a tab as \\t' }),
  ),
  onDuplicate: Type.Optional(Type.Enum([...DUPLICATE_POLICIES], { default: 'error' })),
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'validate the whole file, store nothing' })),
});

export const CsvProblemSchema = Type.Object({
  line: Type.Integer({ description: 'line in the file, 1 is the header; 0 for the whole file' }),
  column: Type.Union([Type.String(), Type.Null()]),
  value: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
});

export const ImportStateSchema = Type.Enum(['validating', 'writing', 'done', 'failed']);

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ImportRecordSchema = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  instrument: Type.String(),
  state: ImportStateSchema,
  dryRun: Type.Boolean(),
  /** Bytes of the file read. */
  bytes: Type.Integer(),
  rows: Type.Integer({ description: 'data rows read' }),
  startedAt: Type.Number({ description: 'epoch ms' }),
  finishedAt: nullable(Type.Number({ description: 'epoch ms' })),
  timeframe: nullable(TimeframeSchema),
  duplicates: Type.Integer({ description: 'rows dropped for repeating a time (onDuplicate first|last)' }),
  barsWritten: Type.Record(Type.String(), Type.Integer(), {
    description: 'bars written per timeframe (in a dry run: that would be written), the file’s and each coarser one',
  }),
  first: nullable(Type.Number({ description: 'start of the first bar, epoch ms' })),
  last: nullable(Type.Number({ description: 'start of the last bar, epoch ms' })),
  delimiter: nullable(Type.String()),
  columns: nullable(Type.Record(Type.String(), nullable(Type.String()))),
  error: nullable(
    Type.Object({
      code: Type.String(),
      message: Type.String(),
      problems: Type.Array(CsvProblemSchema),
      problemCount: Type.Integer(),
    }),
  ),
});

export const ImportCreatedSchema = Type.Object({ import: ImportRecordSchema });
export const ImportListSchema = Type.Object({ imports: Type.Array(ImportRecordSchema) });

/** An import's state as it goes: the `data` of an `imports` channel message. */
export const ImportProgressSchema = Type.Object({
  type: Type.Literal('import'),
  id: Type.String(),
  fileName: Type.String(),
  instrument: Type.String(),
  state: ImportStateSchema,
  dryRun: Type.Boolean(),
  bytes: Type.Integer(),
  rows: Type.Integer(),
  /** The finished import (state done or failed); null while it runs. */
  import: nullable(ImportRecordSchema),
});

/** On the `imports` channel: the latest state per import (a slow client skips steps), the final one always. */
export const ImportMessageSchema = Type.Object({
  channel: Type.Literal('imports'),
  data: ImportProgressSchema,
});

const PreviewBarSchema = Type.Object({
  line: Type.Integer(),
  time: Type.String({ description: 'as written' }),
  start: Type.Number({ description: 'epoch ms UTC' }),
  open: Type.Number(),
  high: Type.Number(),
  low: Type.Number(),
  close: Type.Number(),
  volume: Type.Number(),
  quoteVolume: Type.Number(),
  trades: Type.Number(),
  buyVolume: Type.Number(),
});

export const ImportPreviewSchema = Type.Object({
  delimiter: nullable(Type.String()),
  header: Type.Array(Type.String()),
  columns: Type.Record(Type.String(), nullable(Type.String())),
  rows: Type.Array(Type.Object({ line: Type.Integer(), fields: Type.Array(Type.String()) })),
  bars: Type.Array(PreviewBarSchema),
  timeframe: nullable(TimeframeSchema),
  rowsRead: Type.Integer(),
  problems: Type.Array(CsvProblemSchema),
  problemCount: Type.Integer(),
});
