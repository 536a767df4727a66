// The first pass over a dump file: every row parsed and checked before anything is stored, so a
// file with a bad row stores nothing and the error lists where (up to MAX_PROBLEMS rows). It also
// finds out whether the rows are in id order (USD-M monthly aggTrades may not be, issue #339 of
// binance-public-data), which decides how the second pass feeds them.
import { TIMEFRAME_MS } from '../../domain/index.js';
import { readDumpLines } from '../../sources/binance/dump/dump-lines.js';
import {
  DumpRowError,
  parseAggTradeRow,
  parseKlineRow,
  parseTradeRow,
  type AggTradeRow,
  type TradeRow,
} from '../../sources/binance/dump/dump-rows.js';
import type { DumpFilePlan } from './dump-file-plan.js';

export const MAX_PROBLEMS = 20;

export interface DumpValidation {
  rows: number;
  /** Trades and aggTrades: ids strictly ascending row by row (duplicates break it too). */
  ascending: boolean;
  problems: DumpRowError[];
  /** Rows with problems, all of them (only the first MAX_PROBLEMS are kept). */
  badRows: number;
}

export async function validateDumpFile(
  plan: DumpFilePlan,
  progress?: { bytesRead: number; totalBytes: number },
): Promise<DumpValidation> {
  const result: DumpValidation = { rows: 0, ascending: true, problems: [], badRows: 0 };
  const trade: TradeRow = { id: 0, ts: 0, price: 0, qty: 0, buyerMaker: false };
  const agg: AggTradeRow = { ...trade, firstTradeId: 0, lastTradeId: 0 };
  const { layout, kind } = plan;
  const size = plan.interval === undefined ? 0 : TIMEFRAME_MS[plan.interval];
  let previous = Number.NEGATIVE_INFINITY;
  const problem = (error: unknown) => {
    if (!(error instanceof DumpRowError)) throw error;
    result.badRows++;
    if (result.problems.length < MAX_PROBLEMS) result.problems.push(error);
  };
  for await (const { lines, firstLine } of readDumpLines(plan.file, progress)) {
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i];
      const line = firstLine + i;
      if (text.length === 0 || (line === 1 && layout.hasHeader)) continue;
      result.rows++;
      try {
        if (kind === 'trades') {
          const id = parseTradeRow(text, line, layout, trade).id;
          if (id <= previous) result.ascending = false;
          previous = id;
        } else if (kind === 'aggTrades') {
          const id = parseAggTradeRow(text, line, layout, agg).id;
          if (id <= previous) result.ascending = false;
          previous = id;
        } else {
          const row = parseKlineRow(text, line, layout);
          if (row.openTime % size !== 0) {
            throw new DumpRowError(
              line,
              'open_time',
              String(row.openTime),
              `is not the start of a ${plan.interval} bucket`,
            );
          }
          if (row.openTime <= previous) {
            throw new DumpRowError(
              line,
              'open_time',
              String(row.openTime),
              `is not after the row before (${previous})`,
            );
          }
          previous = row.openTime;
        }
      } catch (error) {
        problem(error);
      }
    }
  }
  return result;
}
