// The wire types of the history endpoints the Data view reads: stored coverage, the daily sync,
// CSV imports and their progress on the `imports` channel, all type-only from the server's schemas
// (src/server/wire-types.ts), so a change of a route's answer fails the dashboard's typecheck.
// Only what the browser itself assembles (the upload request) is written here.
import type { ImportQuery } from '../../../src/server/wire-types.ts';
import type { InstrumentId, Timeframe } from './types.ts';

export type {
  Coverage,
  CoverageDetail,
  CoverageGap,
  CsvProblem,
  ImportList,
  ImportMessage,
  ImportProgress,
  ImportQuery,
  ImportRecord,
  ImportState,
  SyncRun,
  SyncRunError,
  SyncStatus,
} from '../../../src/server/wire-types.ts';

export type OnDuplicate = NonNullable<ImportQuery['onDuplicate']>;

export interface ImportRequest {
  file: File;
  instrument: InstrumentId;
  /** Omitted: the server infers it from the spacing of the timestamps. */
  timeframe?: Timeframe;
  map?: string;
  timeFormat?: string;
  delimiter?: string;
  onDuplicate?: OnDuplicate;
  dryRun: boolean;
}
