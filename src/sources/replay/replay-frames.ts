// Recorded Binance stream files as one time-ordered sequence of parsed frames: each file is
// parsed on its own and the files are merged by time, so several captures (one per symbol)
// replay as they happened. Frames come in batches (a chunk of a file, or a merged run of several):
// one await per frame was a fifth of a replay's time.
import type { Venue } from '../../domain/index.js';
import { parseTradeFrame, splitRecordedLine, type ParsedFrame } from '../binance/trade-message.js';
import { recordedLineBatches, type RecordedLinesProgress } from './recorded-lines.js';

export interface TimedFrame {
  /** Exchange time of trades; for other frames the receive time or the file's last known time. */
  time: number;
  frame: ParsedFrame;
  file: string;
  line: number;
  /** The recorded line, kept only for unreadable frames so that they can be shown. */
  text?: string;
}

/** Frames merged from several files are handed on in batches of this many. */
const MERGED_BATCH = 4_096;

async function* fileFrameBatches(
  path: string,
  venue: Venue,
  progress: RecordedLinesProgress,
): AsyncGenerator<TimedFrame[]> {
  let time = Number.NEGATIVE_INFINITY;
  let line = 0;
  for await (const texts of recordedLineBatches(path, progress)) {
    const frames: TimedFrame[] = new Array(texts.length);
    for (let i = 0; i < texts.length; i++) {
      line++;
      const text = texts[i];
      // Most lines are the bare frame: splitting them would allocate a result object per line for nothing.
      let receivedAt: number | undefined;
      let frame: ParsedFrame;
      if (text.charCodeAt(0) === 123) frame = parseTradeFrame(text, venue);
      else {
        const split = splitRecordedLine(text);
        receivedAt = split.receivedAt;
        frame = parseTradeFrame(split.frame, venue, receivedAt);
      }
      if (frame.kind === 'trade') time = Math.max(time, frame.tick.ts);
      else if (receivedAt !== undefined && time === Number.NEGATIVE_INFINITY) time = receivedAt;
      frames[i] = frame.kind === 'error' ? { time, frame, file: path, line, text } : { time, frame, file: path, line };
    }
    yield frames;
  }
}

/** The files' frames merged by time (stable: ties keep file order), in batches. */
export async function* replayFrameBatches(
  paths: readonly string[],
  venue: Venue,
  progress: RecordedLinesProgress[] = [],
): AsyncGenerator<TimedFrame[]> {
  const iterators = paths.map((path, i) => {
    progress[i] ??= { bytesRead: 0 };
    return fileFrameBatches(path, venue, progress[i]);
  });
  if (iterators.length === 1) {
    yield* iterators[0];
    return;
  }
  /** Each file's current batch and the position of its head in it; null once the file is done. */
  const heads: Array<{ frames: TimedFrame[]; at: number } | null> = [];
  const refill = async (i: number): Promise<void> => {
    for (;;) {
      const next = await iterators[i].next();
      if (next.done) {
        heads[i] = null;
        return;
      }
      if (next.value.length > 0) {
        heads[i] = { frames: next.value, at: 0 };
        return;
      }
    }
  };
  for (let i = 0; i < iterators.length; i++) await refill(i);
  let out: TimedFrame[] = [];
  for (;;) {
    let best = -1;
    let bestTime = 0;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i];
      if (head === null) continue;
      const time = head.frames[head.at].time;
      if (best === -1 || time < bestTime) {
        best = i;
        bestTime = time;
      }
    }
    if (best === -1) break;
    const head = heads[best]!;
    out.push(head.frames[head.at++]);
    if (out.length >= MERGED_BATCH) {
      yield out;
      out = [];
    }
    if (head.at === head.frames.length) await refill(best);
  }
  if (out.length > 0) yield out;
}

/** The files' frames merged by time (stable: ties keep file order), one by one. */
export async function* replayFrames(
  paths: readonly string[],
  venue: Venue,
  progress: RecordedLinesProgress[] = [],
): AsyncGenerator<TimedFrame> {
  for await (const frames of replayFrameBatches(paths, venue, progress)) yield* frames;
}
