// What the server holds for one /ws client, and the bound on it. Every frame the gateway sends —
// replies, bars, metrics, status — leaves through here, and the bytes counted are all those the
// process holds for the client: the socket's unsent bytes, the coalesced messages not yet sent, and
// what the alert feed has queued for it. A client that would go over the bound is not reading; it
// is closed with 4008 and a reason (it can resync over REST) instead of being fed a partial stream
// or growing the server's memory: one 60 KB request used to buy 4.3 MB of replies, and 400 of them
// from a client that never read took the server from 207 to 447 MB.
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { SLOW_CONSUMER_CLOSE_CODE } from './ws-schemas.js';

/** The most bytes ws puts in front of a server frame (2, plus an 8-byte length; server frames are unmasked). */
const FRAME_HEADER_BYTES = 10;
/**
 * How long a closed client has to read up to the close frame before its connection is dropped. ws
 * itself waits 30 s for the closing handshake, holding the client's unsent bytes all that time.
 */
const CLOSE_GRACE_MS = 5_000;

interface QueuedFrame {
  frame: string;
  /** Counted once, when queued: what it adds to the socket's buffer when sent. */
  bytes: number;
}

export interface ClientOutboxOptions {
  /** The bound on everything held for the client, in bytes. */
  maxBufferedBytes: number;
  /** Bytes held for the client outside the outbox (the alert feed's queue). */
  heldElsewhere?: () => number;
  /** Called once, when the client is closed for going over the bound. */
  onOverflow?: (bufferedBytes: number) => void;
}

export class ClientOutbox {
  /** Latest-value messages keyed by channel and coalescing key; a newer state replaces the older. */
  private readonly pending = new Map<string, QueuedFrame>();
  /** Bar channels whose open bar has changed since it was last sent; read when the outbox drains. */
  private readonly openBars = new Set<string>();
  private pendingBytes = 0;
  private closing = false;
  /** The most bytes held for this client at any check. */
  peakBufferedBytes = 0;
  /** Above this many unsent bytes in its socket the client is slow: it only gets coalesced state. */
  readonly slowBytes: number;

  constructor(
    readonly socket: WebSocket,
    /** The TCP connection under `socket`, corked while draining so that a drain is one write. */
    private readonly transport: Duplex,
    private readonly options: ClientOutboxOptions,
  ) {
    this.slowBytes = Math.floor(options.maxBufferedBytes / 4);
  }

  /** Everything the process holds for this client, in bytes. */
  get bufferedBytes(): number {
    return this.socket.bufferedAmount + this.pendingBytes + (this.options.heldElsewhere?.() ?? 0);
  }

  /** False once the client is closing, for any reason: nothing more is sent or queued. */
  get isOpen(): boolean {
    return !this.closing && this.socket.readyState === this.socket.OPEN;
  }

  get hasPending(): boolean {
    return this.pending.size > 0 || this.openBars.size > 0;
  }

  /** Sends a frame now, unless it would take the client over its bound: then closes it. */
  send(frame: string): boolean {
    if (!this.isOpen) return false;
    if (!this.admit(Buffer.byteLength(frame) + FRAME_HEADER_BYTES)) return false;
    this.socket.send(frame);
    return true;
  }

  /** Queues the newest state under `key` (channel|coalescing key), replacing an older one. */
  put(key: string, frame: string): void {
    if (!this.isOpen) return;
    const bytes = Buffer.byteLength(frame) + FRAME_HEADER_BYTES;
    const replaced = this.pending.get(key)?.bytes ?? 0;
    if (!this.admit(bytes - replaced)) return;
    this.pending.set(key, { frame, bytes });
    this.pendingBytes += bytes - replaced;
  }

  /** Marks a bar channel's open bar as changed; it is read when the outbox drains, once per burst. */
  markOpenBar(channel: string): void {
    if (this.isOpen) this.openBars.add(channel);
  }

  /** Drops what is queued for a channel (it was unsubscribed). */
  forgetChannel(channel: string): void {
    this.openBars.delete(channel);
    const prefix = `${channel}|`;
    for (const [key, queued] of this.pending) {
      if (!key.startsWith(prefix)) continue;
      this.pending.delete(key);
      this.pendingBytes -= queued.bytes;
    }
  }

  /**
   * Sends what is queued, in one write: closed and amended bars and metric points first, then the
   * open bars (`openBarFrame` reads each one's current state), so that every channel's times ascend.
   */
  drain(openBarFrame: (channel: string) => string | undefined): void {
    if (!this.isOpen) return;
    this.transport.cork();
    try {
      // Their bytes were admitted when queued; sending moves them from the queue to the socket.
      for (const queued of this.pending.values()) this.socket.send(queued.frame);
      this.pending.clear();
      this.pendingBytes = 0;
      for (const channel of this.openBars) {
        const frame = openBarFrame(channel);
        if (frame !== undefined && !this.send(frame)) break;
      }
      this.openBars.clear();
    } finally {
      this.transport.uncork();
    }
  }

  /** Checks the bound with nothing added (for bytes that arrive by other paths, such as alerts). */
  check(): boolean {
    return this.isOpen && this.admit(0);
  }

  /** Closes the connection (shutdown); nothing more is sent. */
  close(code: number, reason: string): void {
    this.release();
    this.socket.close(code, reason);
  }

  private admit(bytes: number): boolean {
    const after = this.bufferedBytes + bytes;
    if (after > this.options.maxBufferedBytes) {
      this.overflow(after);
      return false;
    }
    if (after > this.peakBufferedBytes) this.peakBufferedBytes = after;
    return true;
  }

  private overflow(bufferedBytes: number): void {
    this.release();
    this.options.onOverflow?.(bufferedBytes);
    // A close reason has at most 123 bytes.
    this.socket.close(
      SLOW_CONSUMER_CLOSE_CODE,
      `send buffer over ${this.options.maxBufferedBytes} bytes; the client is not reading`,
    );
    // The close frame waits behind the unsent bytes; a client that never reads never gets it.
    setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
  }

  private release(): void {
    this.closing = true;
    this.pending.clear();
    this.openBars.clear();
    this.pendingBytes = 0;
  }
}
