// A fake Binance on one local HTTP server: spot WebSocket streams at `/stream` and `/ws`, USD-M
// futures at `/market/stream` and `/market/ws` (also `/public/…`), spot REST at `/api/v3/*` and
// futures REST at `/fapi/v1/*`. Tests drive it through `spot` and `futures` (FakeMarket).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { handleRest } from './fake-rest.js';
import { FakeMarket, type FakeMarketConfig } from './fake-market.js';
import { FakeConnection, isValidStreamName } from './fake-ws.js';

export interface FakeBinanceOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  spot?: Partial<FakeMarketConfig>;
  futures?: Partial<FakeMarketConfig>;
  /** Symbols listed from the start on both markets (others are listed on first use). */
  symbols?: readonly string[];
}

export interface FakeBinanceUrls {
  /** Spot WebSocket base: combined streams at `${spotWs}/stream?streams=…`. */
  spotWs: string;
  spotRest: string;
  /** Futures WebSocket base including `/market`. */
  futuresWs: string;
  futuresRest: string;
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export class FakeBinance {
  readonly spot: FakeMarket;
  readonly futures: FakeMarket;
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private port = 0;
  private host: string;

  private constructor(options: FakeBinanceOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.spot = new FakeMarket('spot', options.spot, options.symbols);
    this.futures = new FakeMarket('futures', options.futures, options.symbols);
    this.server = createServer((req, res) => this.onRequest(req, res));
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
  }

  static async start(options: FakeBinanceOptions = {}): Promise<FakeBinance> {
    const fake = new FakeBinance(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(options.port ?? 0, fake.host, () => resolve());
    });
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  get urls(): FakeBinanceUrls {
    const origin = `${this.host}:${this.port}`;
    return {
      spotWs: `ws://${origin}`,
      spotRest: `http://${origin}`,
      futuresWs: `ws://${origin}/market`,
      futuresRest: `http://${origin}`,
    };
  }

  market(venue: 'binance' | 'binance-futures'): FakeMarket {
    return venue === 'binance' ? this.spot : this.futures;
  }

  /** Connections currently open on both markets. */
  openConnections(): FakeConnection[] {
    return [...this.spot.connections, ...this.futures.connections];
  }

  async close(): Promise<void> {
    this.spot.close();
    this.futures.close();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    const match = /^\/(api\/v3|fapi\/v1)\/([A-Za-z]+)$/.exec(url.pathname);
    if (req.method !== 'GET' || match === null) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ code: -1000, msg: `no such endpoint: ${req.method} ${url.pathname}` }));
      return;
    }
    handleRest(match[1] === 'api/v3' ? this.spot : this.futures, match[2], query, req, res);
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^(\/market|\/public)?\/(stream|ws)(?:\/(.+))?$/.exec(url.pathname);
    if (match === null) {
      rejectUpgrade(socket, 404, 'Not Found');
      return;
    }
    const market = match[1] === undefined ? this.spot : this.futures;
    const combined = match[2] === 'stream';
    const streams: string[] = [];
    if (combined) {
      const list = url.searchParams.get('streams');
      if (list) streams.push(...list.split('/'));
      if (match[3] !== undefined) {
        rejectUpgrade(socket, 404, 'Not Found');
        return;
      }
    } else if (match[3] !== undefined) {
      streams.push(...decodeURIComponent(match[3]).split('/'));
    }
    if (!market.admitConnectionAttempt()) {
      rejectUpgrade(socket, 429, 'Too Many Requests');
      return;
    }
    if (!streams.every(isValidStreamName) || streams.length > market.config.maxStreamsPerConnection) {
      rejectUpgrade(socket, 400, 'Bad Request');
      return;
    }
    const timeUnit = url.searchParams.get('timeUnit')?.toUpperCase();
    const microseconds = market.kind === 'spot' && timeUnit === 'MICROSECOND';
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      for (const stream of streams) if (stream.endsWith('@trade')) market.tape(stream.slice(0, -6).toUpperCase());
      new FakeConnection(market, ws, { path: url.pathname, combined, microseconds, streams });
    });
  }
}
