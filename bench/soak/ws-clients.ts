// The dashboards of the soak: /ws clients that subscribe to bar and analytics channels and read
// everything they are sent, counting messages and subscription errors.
import WebSocket from 'ws';

export interface SoakClients {
  /** Messages received by all clients so far. */
  messages(): number;
  /** Error replies received (a channel the app refused). */
  errors(): string[];
  close(): void;
}

export async function connectClients(wsUrl: string, count: number, channels: readonly string[]): Promise<SoakClients> {
  let messages = 0;
  const errors: string[] = [];
  const sockets = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(wsUrl);
          socket.once('error', reject);
          socket.once('open', () => {
            socket.send(JSON.stringify({ op: 'subscribe', channels }));
            resolve(socket);
          });
          socket.on('message', (raw) => {
            messages++;
            const text = raw.toString();
            if (text.startsWith('{"op":"error"') && errors.length < 20) errors.push(text.slice(0, 300));
          });
        }),
    ),
  );
  return {
    messages: () => messages,
    errors: () => errors,
    close: () => {
      for (const socket of sockets) socket.close();
    },
  };
}
