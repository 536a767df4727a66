// Recorded Binance stream files as one time-ordered sequence of parsed frames: each file is
// parsed on its own and the files are merged by time, so several captures (one per symbol)
// replay as they happened.
import type { Venue } from '../../domain/index.js';
import { parseTradeFrame, splitRecordedLine, type ParsedFrame } from '../binance/trade-message.js';
import { recordedLines, type RecordedLinesProgress } from './recorded-lines.js';

export interface TimedFrame {
  /** Exchange time of trades; for other frames the receive time or the file's last known time. */
  time: number;
  frame: ParsedFrame;
  file: string;
  line: number;
  /** The recorded line, kept only for unreadable frames so that they can be shown. */
  text?: string;
}

async function* fileFrames(path: string, venue: Venue, progress: RecordedLinesProgress): AsyncGenerator<TimedFrame> {
  let time = Number.NEGATIVE_INFINITY;
  let line = 0;
  for await (const text of recordedLines(path, progress)) {
    line++;
    const { receivedAt, frame: body } = splitRecordedLine(text);
    const frame = parseTradeFrame(body, venue, receivedAt);
    if (frame.kind === 'trade') time = Math.max(time, frame.tick.ts);
    else if (receivedAt !== undefined && time === Number.NEGATIVE_INFINITY) time = receivedAt;
    yield frame.kind === 'error' ? { time, frame, file: path, line, text } : { time, frame, file: path, line };
  }
}

/** Merges the files' frames by time (stable: ties keep file order). */
export async function* replayFrames(
  paths: readonly string[],
  venue: Venue,
  progress: RecordedLinesProgress[] = [],
): AsyncGenerator<TimedFrame> {
  const iterators = paths.map((path, i) => {
    progress[i] ??= { bytesRead: 0 };
    return fileFrames(path, venue, progress[i]);
  });
  const heads: Array<TimedFrame | undefined> = [];
  for (const it of iterators) heads.push((await it.next()).value ?? undefined);
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i];
      if (head !== undefined && (best === -1 || head.time < heads[best]!.time)) best = i;
    }
    if (best === -1) return;
    yield heads[best]!;
    const next = await iterators[best].next();
    heads[best] = next.done ? undefined : next.value;
  }
}
