// The instrument_meta table (migration 4): one row per instrument, replaced as a whole on each save.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { InstrumentMeta } from '../../domain/index.js';
import { timestampParam } from './row-mapping.js';

export async function saveInstrumentMeta(
  connection: DuckDBConnection,
  metas: readonly InstrumentMeta[],
): Promise<void> {
  if (metas.length === 0) return;
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const meta of metas) {
      await connection.run(
        `INSERT OR REPLACE INTO instrument_meta VALUES ($instrument, $tickSize, $stepSize, $baseAsset, $quoteAsset,
          $status, $priceDecimals, $source, $updatedAt)`,
        {
          instrument: meta.instrument,
          tickSize: meta.tickSize,
          stepSize: meta.stepSize,
          baseAsset: meta.baseAsset,
          quoteAsset: meta.quoteAsset,
          status: meta.status,
          priceDecimals: meta.priceDecimals,
          source: meta.source,
          updatedAt: timestampParam(meta.updatedAt),
        },
      );
    }
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => {});
    throw error;
  }
}

export async function readInstrumentMeta(connection: DuckDBConnection): Promise<InstrumentMeta[]> {
  const result = await connection.runAndReadAll(
    `SELECT instrument, tick_size, step_size, base_asset, quote_asset, status, price_decimals, source,
      epoch_ms(updated_at)::DOUBLE FROM instrument_meta ORDER BY instrument`,
  );
  return result.getRows().map((row) => ({
    instrument: row[0] as string,
    tickSize: row[1] as number | null,
    stepSize: row[2] as number | null,
    baseAsset: row[3] as string | null,
    quoteAsset: row[4] as string | null,
    status: row[5] as string | null,
    priceDecimals: row[6] as number,
    source: row[7] as InstrumentMeta['source'],
    updatedAt: row[8] as number,
  }));
}
