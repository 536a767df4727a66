// `npm run fake-binance`: starts the fake Binance by hand for demos and prints its URLs.
// `npm run fake-binance -- --help` lists the flags.
import { parseArgs } from 'node:util';
import { FakeBinance } from './fake-binance.js';

const USAGE = `usage: npm run fake-binance -- [options]

Serves Binance spot and USD-M futures (WebSocket trade streams and REST) on one local port,
with seeded trades, for running tickscope offline.

  --port <n>                  port to listen on (default 9000; 0 picks a free one)
  --symbols <list>            comma-separated symbols (default BTCUSDT,ETHUSDT)
  --rate <n>                  trades per second per symbol and market (default 20)
  --lifetime-ms <n>           close each WebSocket after this long, as Binance does at 24 h (default 86400000)
  --ping-ms <n>               interval of server pings (default as Binance: 20000 spot, 180000 futures)
  --disconnect-every-ms <n>   drop every connection this often, to exercise reconnects (default 0: never)
  --garbage-every-ms <n>      send an unparsable frame this often (default 0: never)
  -h, --help                  print this and exit`;

function parseFlags() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '9000' },
        symbols: { type: 'string', default: 'BTCUSDT,ETHUSDT' },
        rate: { type: 'string', default: '20' },
        'lifetime-ms': { type: 'string', default: String(86_400_000) },
        'ping-ms': { type: 'string' },
        'disconnect-every-ms': { type: 'string', default: '0' },
        'garbage-every-ms': { type: 'string', default: '0' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    // parseArgs names the unknown or malformed flag; the usage says which ones exist.
    console.error(`fake-binance: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

const values = parseFlags();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    console.error(`fake-binance: --${name} must be a non-negative number, got "${text}" (--help lists the flags)`);
    process.exit(2);
  }
  return value;
}

const symbols = values.symbols
  .split(',')
  .map((symbol) => symbol.trim().toUpperCase())
  .filter(Boolean);
const lifetime = positive('lifetime-ms', values['lifetime-ms']);
const ping = positive('ping-ms', values['ping-ms']);
const marketConfig = { maxLifetimeMs: lifetime, ...(ping !== undefined ? { pingIntervalMs: ping } : {}) };
const port = positive('port', values.port);
const fake = await FakeBinance.start({ port, symbols, spot: marketConfig, futures: marketConfig }).catch((error) => {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
  console.error(`fake-binance: port ${port} is in use; choose another with --port <n> (0 picks a free one)`);
  process.exit(1);
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
