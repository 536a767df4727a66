// `tickscope replay` as a user runs it: 1,000,000 recorded WebSocket trade messages of two
// instruments, read from a capture file, through parse → de-duplicate → 1s…1d bars into a fresh
// DuckDB file (open, every flush and the closing checkpoint included), against JSON.parse of the
// same messages in the same run. Target (issue #17): at least 0.5x.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayFiles } from '../src/cli/commands/replay.js';
import { measure, printComparison } from './lib.js';
import { generateTradeLines } from './trade-lines.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const TARGET = 0.5;

const lines = generateTradeLines(MESSAGES);
const dir = mkdtempSync(join(tmpdir(), 'tickscope-bench-replay-'));
const capture = join(dir, 'capture.jsonl');
writeFileSync(capture, `${lines.join('\n')}\n`);
let run = 0;
try {
  const baseline = await measure('JSON.parse of the same messages', MESSAGES, () => {
    let sum = 0;
    for (const line of lines) sum += (JSON.parse(line) as { data: { t: number } }).data.t;
    return sum;
  });
  const replay = await measure(
    'replay → DuckDB file',
    MESSAGES,
    async () => {
      const summary = await replayFiles([capture], {
        venue: 'binance',
        speed: 'max',
        db: join(dir, `replay-${run++}.duckdb`),
        progress: false,
      });
      if (summary.ticks !== MESSAGES) throw new Error(`replay stored ${summary.ticks} of ${MESSAGES} ticks`);
    },
    2,
  );
  printComparison(`replay, ${MESSAGES.toLocaleString('en-US')} trade messages of 2 instruments`, baseline, [replay]);
  const ratio = replay.opsPerSec / baseline.opsPerSec;
  console.log(
    `\ntarget: replay ≥ ${TARGET}x of JSON.parse: ${ratio >= TARGET ? 'met' : 'NOT met'} (${ratio.toFixed(2)}x)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
