import { afterEach, describe, expect, it } from 'vitest';
import type { GapRecord } from '../sources/binance/gap-log.js';
import { GapRecords } from './gap-records.js';

function settings() {
  const values = new Map<string, unknown>();
  return {
    values,
    getSetting: async <T>(key: string) => values.get(key) as T | undefined,
    setSetting: async (key: string, value: unknown) => void values.set(key, structuredClone(value)),
  };
}

function gap(fromId: number, overrides: Partial<GapRecord> = {}): GapRecord {
  return {
    instrument: 'binance:BTCUSDT',
    fromId,
    toId: fromId + 9,
    fromTs: null,
    toTs: null,
    filled: false,
    filledCount: 0,
    skippedCount: 0,
    method: null,
    detectedAt: fromId,
    filledAt: null,
    error: null,
    ...overrides,
  };
}

describe('GapRecords', () => {
  const opened: GapRecords[] = [];
  afterEach(async () => {
    for (const records of opened.splice(0)) await records.close();
  });

  it('keeps the latest state of each gap, newest first, and counts the trades still missing', async () => {
    const records = await GapRecords.open(settings());
    opened.push(records);
    records.update(gap(100));
    records.update(gap(200));
    records.update(gap(100, { filledCount: 4, skippedCount: 1 }));
    expect(records.list().map((r) => r.fromId)).toEqual([200, 100]);
    expect(records.summary()).toEqual({ detected: 2, filled: 0, open: 2, missingTrades: 10 + 5 });
    records.update(gap(200, { filled: true, filledCount: 10 }));
    expect(records.summary()).toEqual({ detected: 2, filled: 1, open: 1, missingTrades: 5 });
  });

  it('shows the gaps of the last run after a restart', async () => {
    const store = settings();
    const first = await GapRecords.open(store);
    first.update(gap(100, { filled: true, filledCount: 10 }));
    await first.close();
    const second = await GapRecords.open(store);
    opened.push(second);
    expect(second.list()).toEqual([gap(100, { filled: true, filledCount: 10 })]);
  });
});
