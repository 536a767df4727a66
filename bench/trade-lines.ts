// Generated Binance combined-stream trade messages of two instruments (BTCUSDT, ETHUSDT), the
// same lines in every bench that feeds the ingestion path: ~1,400 trades/s of exchange time, with
// several trades in one millisecond at peaks, as Binance sends them.

/** `count` trade frames, in time order, trade ids consecutive per instrument. */
export function generateTradeLines(count: number): string[] {
  const lines: string[] = new Array(count);
  const t0 = Date.UTC(2024, 7, 8, 0, 0, 0);
  let btc = 61_800;
  let eth = 2_680;
  let btcId = 3_735_683_259;
  let ethId = 1_520_538_925;
  for (let i = 0; i < count; i++) {
    const ts = t0 + Math.floor(i * 0.7); // ~1,400 trades/s: several per ms at peaks, like Binance
    const isBtc = (i * 2654435761) % 7 < 4;
    const wobble = ((i * 48271) % 2147483647) / 2147483647 - 0.5;
    const m = wobble < 0;
    if (isBtc) {
      btc = Math.max(1, btc + wobble * 2);
      lines[i] =
        `{"stream":"btcusdt@trade","data":{"e":"trade","E":${ts + 1},"s":"BTCUSDT","t":${btcId++},` +
        `"p":"${btc.toFixed(2)}000000","q":"0.${String(1 + (i % 9000)).padStart(5, '0')}000","T":${ts},` +
        `"m":${m},"M":true}}`;
    } else {
      eth = Math.max(1, eth + wobble * 0.2);
      lines[i] =
        `{"stream":"ethusdt@trade","data":{"e":"trade","E":${ts + 1},"s":"ETHUSDT","t":${ethId++},` +
        `"p":"${eth.toFixed(2)}000000","q":"${(1 + (i % 50)) / 100}00000","T":${ts},"m":${m},"M":true}}`;
    }
  }
  return lines;
}
