import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Logger } from './logger.js';

describe('Logger', () => {
  it('is satisfied by a pino logger and its children, which write the details and the message', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const root = pino({ level: 'debug' }, sink);
    const loggers: Logger[] = [root, root.child({ module: 'store' })];
    for (const logger of loggers) logger.warn({ pendingTicks: 3 }, 'flush failed');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ level: 40, pendingTicks: 3, msg: 'flush failed' }),
      expect.objectContaining({ level: 40, pendingTicks: 3, msg: 'flush failed', module: 'store' }),
    ]);
  });
});
