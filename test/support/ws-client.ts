// A WebSocket client for the server tests that records every message it receives and waits for
// the first one that matches, whether it already arrived or is still to come.
import WebSocket from 'ws';

export interface RecordingClient {
  socket: WebSocket;
  messages: any[];
  /** Resolves with the first message (already received or future) that matches; rejects after `timeoutMs`. */
  next(predicate: (message: any) => boolean, timeoutMs?: number): Promise<any>;
  closed: Promise<{ code: number; reason: string }>;
}

/** Connects to `url`, and when `channels` are given subscribes to them and waits for the acknowledgement. */
export async function connectClient(url: string, channels?: readonly string[]): Promise<RecordingClient> {
  const socket = new WebSocket(url);
  const messages: any[] = [];
  const waiters: Array<{ predicate: (m: any) => boolean; resolve: (m: any) => void }> = [];
  socket.on('message', (raw) => {
    const message = JSON.parse(raw.toString());
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (!waiter.predicate(message)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const client: RecordingClient = {
    socket,
    messages,
    closed,
    next(predicate, timeoutMs = 5_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          predicate,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
  };
  if (channels !== undefined) {
    socket.send(JSON.stringify({ op: 'subscribe', channels }));
    await client.next((m) => m.op === 'subscribed');
  }
  return client;
}
