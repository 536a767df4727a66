import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { PrettyLogStream } from './pretty-log.js';

function terminal(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, out: { isTTY, columns: 200, write: (text: string) => chunks.push(text) } };
}

const record = (fields: object) => `${JSON.stringify({ level: 40, time: 0, pid: 1, app: 'tickscope', ...fields })}\n`;
const retry = (n: number) =>
  record({
    connection: 1,
    err: { message: `getaddrinfo ENOTFOUND stream.binance.com #${n}` },
    msg: 'binance ws: connect failed, backing off',
  });

describe('PrettyLogStream', () => {
  it('writes one readable line per record, with the error message and without pid or app', () => {
    const { chunks, out } = terminal(false);
    new PrettyLogStream(out).write(retry(1));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatch(
      new RegExp(
        '^\\d\\d:\\d\\d:\\d\\d WARN {2}binance ws: connect failed, backing off {2}' +
          'connection=1 err="getaddrinfo ENOTFOUND stream.binance.com #1"\\n$',
      ),
    );
    expect(chunks[0]).not.toMatch(/pid|app=/);
  });

  it('rewrites a message repeated back to back in place with its count on a terminal', () => {
    const { chunks, out } = terminal(true);
    const stream = new PrettyLogStream(out);
    for (let n = 1; n <= 12; n++) stream.write(retry(n));
    expect(chunks).toHaveLength(12);
    expect(chunks.slice(1).every((c) => c.startsWith('\x1b[1F\x1b[J'))).toBe(true);
    expect(chunks[11]).toMatch(/#12" {2}\(12 times\)\n$/);
  });

  it('keeps two messages retried in turn as two lines with their counts', () => {
    const { chunks, out } = terminal(true);
    const stream = new PrettyLogStream(out);
    const rest = record({ path: '/api/v3/time', msg: 'binance rest: request failed, retrying' });
    for (let n = 1; n <= 5; n++) {
      stream.write(retry(n));
      stream.write(rest);
    }
    const last = chunks[chunks.length - 1];
    expect(last.startsWith('\x1b[2F\x1b[J')).toBe(true);
    expect(last.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/#5" {2}\(5 times\)$/),
      expect.stringMatching(/request failed, retrying {2}path=\/api\/v3\/time {2}\(5 times\)$/),
    ]);
  });

  it('starts new lines once more than a few messages differ, and never rewrites when not on a terminal', () => {
    const tty = terminal(true);
    const stream = new PrettyLogStream(tty.out);
    stream.write(retry(1));
    for (let n = 1; n <= 4; n++) stream.write(`${JSON.stringify({ level: 30, time: 0, msg: `step ${n}` })}\n`);
    stream.write(retry(2));
    expect(tty.chunks.some((c) => c.includes('\x1b['))).toBe(false);

    const file = terminal(false);
    const plain = new PrettyLogStream(file.out);
    plain.write(retry(1));
    plain.write(retry(2));
    expect(file.chunks.join('')).not.toContain('\x1b[');
    expect(file.chunks).toHaveLength(2);
  });
});

describe('createLogger', () => {
  it('writes JSON unless asked for pretty lines or writing to a terminal', () => {
    const json = terminal(true);
    createLogger('info', 'json', json.out).info({ port: 8000 }, 'up');
    expect(JSON.parse(json.chunks[0])).toMatchObject({ msg: 'up', port: 8000, app: 'tickscope' });

    const auto = terminal(true);
    createLogger('info', 'auto', auto.out).info({ port: 8000 }, 'up');
    expect(auto.chunks[0]).toMatch(/INFO {2}up {2}port=8000\n$/);

    const piped = terminal(false);
    createLogger('info', 'auto', piped.out).info('up');
    expect(JSON.parse(piped.chunks[0]).msg).toBe('up');
  });
});
