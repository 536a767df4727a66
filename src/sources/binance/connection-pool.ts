// As many combined-stream connections as the stream count needs: new streams go to the first
// connection with room under the streams-per-connection limit, a connection whose last stream is
// removed is closed, and all of them share one connection-attempt budget (it is per IP).
import type { StreamConnection } from './stream-connection.js';

export interface ConnectionPoolOptions {
  streamsPerConnection: number;
  /** Makes a connection that is not started yet. */
  createConnection(): StreamConnection;
}

export class ConnectionPool {
  private readonly pool: StreamConnection[] = [];
  private readonly placement = new Map<string, StreamConnection>();
  private started = false;
  private stopped = false;

  constructor(private readonly options: ConnectionPoolOptions) {
    if (!(options.streamsPerConnection >= 1)) {
      throw new RangeError(`streamsPerConnection must be at least 1, got ${options.streamsPerConnection}`);
    }
  }

  connections(): readonly StreamConnection[] {
    return this.pool;
  }

  connectionOf(stream: string): StreamConnection | undefined {
    return this.placement.get(stream);
  }

  streams(): string[] {
    return [...this.placement.keys()];
  }

  start(): void {
    this.started = true;
    for (const connection of this.pool) connection.start();
  }

  /** Places new streams and resolves once every live socket confirmed its share. */
  async add(streams: readonly string[]): Promise<void> {
    if (this.stopped) throw new Error('connection pool is stopped');
    const batches = new Map<StreamConnection, string[]>();
    for (const stream of new Set(streams)) {
      if (this.placement.has(stream)) continue;
      const connection = this.withRoom(batches);
      this.placement.set(stream, connection);
      const batch = batches.get(connection) ?? [];
      batch.push(stream);
      batches.set(connection, batch);
    }
    await Promise.all(
      [...batches].map(async ([connection, batch]) => {
        await connection.add(batch);
        if (this.started) connection.start();
      }),
    );
  }

  async remove(streams: readonly string[]): Promise<void> {
    const batches = new Map<StreamConnection, string[]>();
    for (const stream of new Set(streams)) {
      const connection = this.placement.get(stream);
      if (connection === undefined) continue;
      this.placement.delete(stream);
      const batch = batches.get(connection) ?? [];
      batch.push(stream);
      batches.set(connection, batch);
    }
    await Promise.all(
      [...batches].map(async ([connection, batch]) => {
        if (batch.length === connection.streamCount) {
          // Its last streams: closing the socket unsubscribes them all.
          this.pool.splice(this.pool.indexOf(connection), 1);
          await connection.stop();
        } else {
          await connection.remove(batch);
        }
      }),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.pool.map((connection) => connection.stop()));
  }

  private withRoom(pending: Map<StreamConnection, string[]>): StreamConnection {
    const limit = this.options.streamsPerConnection;
    for (const connection of this.pool) {
      if (connection.streamCount + (pending.get(connection)?.length ?? 0) < limit) return connection;
    }
    const connection = this.options.createConnection();
    this.pool.push(connection);
    return connection;
  }
}
