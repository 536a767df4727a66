// A /ws client on its own thread, as a trader's dashboard is another process: it stamps each
// message it receives with CLOCK_MONOTONIC and reports them all at the end. Open-bar updates are
// skipped unparsed unless asked for.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { monotonicMs } from '../lib.js';

export interface ClientOptions {
  url: string;
  /** Sent in a subscribe request once connected; omitted for a raw exchange stream. */
  channels?: string[];
  /** Keep open-bar updates too (default: only closed bars and other messages). */
  openBars?: boolean;
}

export interface ReceivedMessage {
  at: number;
  message: { channel?: string; type?: string; data?: Record<string, unknown> };
}

const { url, channels, openBars = false } = workerData as ClientOptions;
const port = parentPort!;
const received: ReceivedMessage[] = [];
const socket = new WebSocket(url);
socket.on('open', () => {
  if (channels !== undefined) socket.send(JSON.stringify({ op: 'subscribe', channels }));
  port.postMessage('ready');
});
socket.on('message', (raw) => {
  const at = monotonicMs();
  const text = raw.toString();
  if (!openBars && text.startsWith('{"channel":"bars:') && text.includes('"closed":false')) return;
  received.push({ at, message: JSON.parse(text) });
});
port.on('message', () => {
  socket.close();
  port.postMessage(received);
});
