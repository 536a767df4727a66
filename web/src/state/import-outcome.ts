// What became of an import, in words for the list of recent imports: whether it was a check
// (dryRun) or stored bars, where it stands, and what it wrote or why the file was refused.
import type { ImportRecord } from '../api/data-types.ts';
import { formatInteger as count } from '../format/number-format.ts';

export type OutcomeTone = 'ok' | 'warn' | 'bad';

export interface ImportOutcome {
  /** `Check` for a validation (dryRun), which never stores anything. */
  kind: 'Check' | 'Import';
  state: string;
  tone: OutcomeTone;
  /** The bars written (or that would be), the error of a refused file, or the rows read so far. */
  detail: string;
}

/** `30 1m bars (+ 4 coarser timeframes)`: the file's own timeframe first, the derived ones counted. */
export function barsWrittenText(record: Pick<ImportRecord, 'barsWritten' | 'timeframe'>): string {
  const timeframes = Object.keys(record.barsWritten);
  if (timeframes.length === 0) return 'no bars';
  const own = record.timeframe !== null && record.timeframe in record.barsWritten ? record.timeframe : timeframes[0];
  const coarser = timeframes.length - 1;
  const more = coarser > 0 ? ` (+ ${coarser} coarser timeframe${coarser === 1 ? '' : 's'})` : '';
  return `${count(record.barsWritten[own])} ${own} bars${more}`;
}

export function importOutcome(record: ImportRecord): ImportOutcome {
  const kind = record.dryRun ? 'Check' : 'Import';
  switch (record.state) {
    case 'validating':
      return { kind, state: 'reading', tone: 'warn', detail: `${count(record.rows)} rows read` };
    case 'writing':
      return { kind, state: 'storing', tone: 'warn', detail: `${count(record.rows)} rows read` };
    case 'done':
      return {
        kind,
        state: record.dryRun ? 'valid' : 'stored',
        tone: 'ok',
        detail: `${record.dryRun ? 'would write ' : ''}${barsWrittenText(record)}`,
      };
    case 'failed':
      // The server's message names the first problem and how many there are in all.
      return {
        kind,
        state: record.dryRun ? 'refused' : 'failed, nothing stored',
        tone: 'bad',
        detail: record.error?.message ?? 'failed without a message',
      };
  }
}
