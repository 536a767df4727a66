// Exported ticks and bars read back by pandas (read_csv, read_parquet) equal the stored rows, bit for
// bit. pandas is not a dependency of tickscope: without it (and pyarrow for Parquet) this test is
// skipped and says why.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Bar, Tick } from '../../src/domain/index.js';
import { openStore } from '../../src/store/index.js';

const hasPandas = spawnSync('python3', ['-c', 'import pandas, pyarrow'], { stdio: 'ignore' }).status === 0;
const BTC = 'binance:BTCUSDT';
const T0 = Date.UTC(2024, 0, 1);

// Doubles are printed with repr(), the shortest round-trip form, so equality below is exact.
const READ = `
import json, sys, pandas as pd
path = sys.argv[1]
frame = pd.read_parquet(path) if path.endswith('.parquet') else pd.read_csv(path, float_precision='round_trip')
rows = [{k: (v.item() if hasattr(v, 'item') else v) for k, v in row.items()} for row in frame.to_dict('records')]
print(json.dumps(rows, default=repr))
`;

const dir = mkdtempSync(join(tmpdir(), 'tickscope-pandas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasPandas)('pandas reads exports back (skipped: python3 has no pandas + pyarrow here)', () => {
  it.each(['csv', 'parquet'] as const)('%s of ticks and bars equals the stored rows', async (format) => {
    const ticks: Tick[] = Array.from({ length: 50 }, (_, i) => ({
      instrument: BTC,
      id: i + 1,
      ts: T0 + i * 250.5,
      price: 42_000 + i * 0.1 + 0.2,
      qty: 1e-8 * (i + 1) + 0.3,
      buyerMaker: i % 2 === 0,
      receivedAt: T0 + i * 250.5 + 3,
    }));
    const bars: Bar[] = [
      {
        instrument: BTC,
        timeframe: '1m',
        start: T0,
        open: 0.1,
        high: 0.30000000000000004,
        low: 0.05,
        close: 0.2,
        volume: 1.1,
        quoteVolume: 0.22000000000000003,
        trades: 3,
        buyVolume: 0.7,
        vwap: 0.2000000000000001,
      },
    ];
    const store = await openStore({ path: join(dir, `${format}.duckdb`) });
    store.appendTicks(ticks);
    store.upsertBars(bars);
    await store.flush();
    try {
      const tickFile = join(dir, `ticks.${format}`);
      const barFile = join(dir, `bars.${format}`);
      await store.copyToFile({ table: 'ticks', instrument: BTC }, { format, path: tickFile });
      await store.copyToFile({ table: 'bars', instrument: BTC, timeframe: '1m' }, { format, path: barFile });
      const read = (path: string) => JSON.parse(execFileSync('python3', ['-c', READ, path], { encoding: 'utf8' }));
      expect(read(tickFile)).toEqual(ticks.map(({ instrument: _i, ...rest }) => rest));
      expect(read(barFile)).toEqual(bars.map(({ instrument: _i, timeframe: _t, ...rest }) => rest));
    } finally {
      await store.close();
    }
  });
});
