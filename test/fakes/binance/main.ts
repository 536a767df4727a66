// `npm run fake-binance`: starts the fake Binance by hand for demos and prints its URLs.
// Flags: --port 9000 --symbols BTCUSDT,ETHUSDT --rate 20 (trades/s per symbol and market)
//        --lifetime-ms 60000 --ping-ms 20000 --disconnect-every-ms 0 --garbage-every-ms 0
import { parseArgs } from 'node:util';
import { FakeBinance } from './fake-binance.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9000' },
    symbols: { type: 'string', default: 'BTCUSDT,ETHUSDT' },
    rate: { type: 'string', default: '20' },
    'lifetime-ms': { type: 'string', default: String(86_400_000) },
    'ping-ms': { type: 'string' },
    'disconnect-every-ms': { type: 'string', default: '0' },
    'garbage-every-ms': { type: 'string', default: '0' },
  },
});

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, got "${text}"`);
  return value;
}

const symbols = values.symbols
  .split(',')
  .map((symbol) => symbol.trim().toUpperCase())
  .filter(Boolean);
const lifetime = positive('lifetime-ms', values['lifetime-ms']);
const ping = positive('ping-ms', values['ping-ms']);
const marketConfig = { maxLifetimeMs: lifetime, ...(ping !== undefined ? { pingIntervalMs: ping } : {}) };
const fake = await FakeBinance.start({
  port: positive('port', values.port),
  symbols,
  spot: marketConfig,
  futures: marketConfig,
});
const rate = positive('rate', values.rate) ?? 20;
for (const symbol of symbols) {
  fake.spot.setTradeRate(symbol, rate);
  fake.futures.setTradeRate(symbol, rate);
}
const timers: NodeJS.Timeout[] = [];
const disconnectEvery = positive('disconnect-every-ms', values['disconnect-every-ms']) ?? 0;
if (disconnectEvery > 0)
  timers.push(
    setInterval(() => {
      fake.spot.dropConnections();
      fake.futures.dropConnections();
    }, disconnectEvery),
  );
const garbageEvery = positive('garbage-every-ms', values['garbage-every-ms']) ?? 0;
if (garbageEvery > 0)
  timers.push(
    setInterval(() => {
      fake.spot.sendGarbage();
      fake.futures.sendGarbage();
    }, garbageEvery),
  );

const { urls } = fake;
const streams = symbols.map((symbol) => `${symbol.toLowerCase()}@trade`).join('/');
console.log(`fake Binance listening, ${rate} trades/s per symbol on ${symbols.join(', ')}
  spot     ws   ${urls.spotWs}      e.g. ${urls.spotWs}/stream?streams=${streams}
  spot     rest ${urls.spotRest}      e.g. ${urls.spotRest}/api/v3/klines?symbol=${symbols[0]}&interval=1m&limit=5
  futures  ws   ${urls.futuresWs}  e.g. ${urls.futuresWs}/stream?streams=${streams}
  futures  rest ${urls.futuresRest}      e.g. ${urls.futuresRest}/fapi/v1/historicalTrades?symbol=${symbols[0]}&limit=5
  tickscope start --source binance --binance-ws-url ${urls.spotWs} --binance-rest-url ${urls.spotRest}
Ctrl-C stops it.`);

const stop = () => {
  for (const timer of timers) clearInterval(timer);
  void fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
