// Stored ticks and bars as a file download: the store's worker copies the range to a temporary
// file inside DuckDB (store.copyToFile) and the file is streamed to the client, then removed, so
// a download of millions of rows costs the server neither a string nor an array of rows.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyReply } from 'fastify';
import type { FileFormat, Store, StoredTableQuery } from '../../store/index.js';

export const CONTENT_TYPES: Record<FileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  json: 'application/json; charset=utf-8',
};

function compactUtc(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** `bars_binance_BTCUSDT_1m_20240101T000000Z_20240201T000000Z`: what, which and the range asked for. */
export function exportBasename(query: StoredTableQuery): string {
  const parts: string[] = [query.table, query.instrument];
  if (query.table === 'bars') parts.push(query.timeframe);
  if (query.from !== undefined || query.to !== undefined) {
    parts.push(query.from === undefined ? 'start' : compactUtc(query.from));
    parts.push(query.to === undefined ? 'end' : compactUtc(query.to));
  }
  return parts.join('_').replace(/[^A-Za-z0-9._-]+/g, '_');
}

export function attachmentHeader(basename: string, format: FileFormat): string {
  return `attachment; filename="${basename}.${format}"`;
}

export async function sendStoredTable(
  reply: FastifyReply,
  store: Store,
  query: StoredTableQuery,
  target: { format: FileFormat; tz?: string },
): Promise<FastifyReply> {
  const dir = await mkdtemp(join(tmpdir(), 'tickscope-export-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, `export.${target.format}`);
  try {
    await store.flush();
    const { rows } = await store.copyToFile(query, { ...target, path });
    const stream = createReadStream(path);
    stream.on('close', () => void cleanup());
    return reply
      .type(CONTENT_TYPES[target.format])
      .header('content-disposition', attachmentHeader(exportBasename(query), target.format))
      .header('x-row-count', String(rows))
      .send(stream);
  } catch (error) {
    await cleanup();
    throw error;
  }
}
